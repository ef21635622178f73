/**
 * Where the volume counters of the policies keep what was sent:
 * {@link dev.transferguard.counters.CounterStore}, and {@link dev.transferguard.counters.InMemoryCounterStore},
 * the default for one process. A store shared by the instances of a service plugs in here (the
 * {@code guard-postgres} module).
 *
 * <p>This package may use only {@link dev.transferguard.Subjects} and the JDK: a store knows counters, days and
 * subjects, not policies.
 */
package dev.transferguard.counters;
