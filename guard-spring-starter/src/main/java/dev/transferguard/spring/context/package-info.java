/**
 * The guarded call handed on with the work a guarded method gives to other threads: task executors and
 * {@code @Async} methods, and Reactor through Micrometer's context propagation.
 */
package dev.transferguard.spring.context;
