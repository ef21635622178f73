/**
 * Volume counters shared by every instance of a service, in PostgreSQL: {@link
 * dev.transferguard.postgres.PostgresCounterStore}, a {@link dev.transferguard.counters.CounterStore} that never
 * under-counts however many guards decide at once. The design and the argument are in {@code docs/counters.md}.
 */
package dev.transferguard.postgres;
