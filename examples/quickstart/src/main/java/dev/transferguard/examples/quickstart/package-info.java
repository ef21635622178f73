/**
 * The plain-Java quickstart: a guard over the shipped packs, an annotated exporter protected by it, and a
 * signed audit log. Uses only the public API.
 */
package dev.transferguard.examples.quickstart;
