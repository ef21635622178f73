/**
 * Answers for web requests whose guarded call was denied: HTTP 451 with a problem detail naming the rules and
 * the legal bases that would make the transfer legal. Uses only the public API of guard-core and Spring MVC.
 */
package dev.transferguard.spring.web;
