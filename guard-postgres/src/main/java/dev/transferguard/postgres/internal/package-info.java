/**
 * The machinery of the PostgreSQL counter store: its schema and migrations, one decision's transaction and its
 * locks, the pseudonyms it keeps and the messages it gives. Nothing here is API.
 */
package dev.transferguard.postgres.internal;
