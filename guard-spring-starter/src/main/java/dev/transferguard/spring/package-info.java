/**
 * Transfer Guard in Spring: the aspect that guards {@link dev.transferguard.annotation.GuardedTransfer}
 * methods, the startup check of their annotations, and {@link dev.transferguard.spring.GuardBuilderCustomizer}.
 */
package dev.transferguard.spring;
