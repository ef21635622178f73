/**
 * The API of Transfer Guard for applications: {@link dev.transferguard.Guard} (built with
 * {@link dev.transferguard.Guard#builder()}) decides a {@link dev.transferguard.Transfer} and answers a
 * {@link dev.transferguard.Decision}, or throws {@link dev.transferguard.TransferDeniedException} in enforce
 * mode; {@link dev.transferguard.Guard#protect(Class, Object)} and {@link dev.transferguard.GuardedMethod}
 * guard annotated methods.
 *
 * <p>What lives here: values (records) and the façade. The machinery behind them lives in
 * {@code dev.transferguard.internal} and in the {@code internal} packages of each area, which no other module
 * may use. This package may use the API packages {@code policy}, {@code audit}, {@code counters} and
 * {@code annotation}, and the internal packages of this module.
 */
package dev.transferguard;
