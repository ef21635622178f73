/**
 * Engine machinery shared by the areas, not part of the API: the one implementation of
 * {@link dev.transferguard.Decision}, keyed pseudonyms of subject ids, strict UTF-8. No other module may use
 * this package or its subpackages; it may use the API packages of this module.
 */
package dev.transferguard.internal;
