/**
 * Handles on kernel maps: create, open by pin or id, and read and write entries as bytes, either
 * through caller-owned native segments (no allocation per operation) or through byte arrays.
 *
 * <p>It reaches the kernel only through {@code dev.ebpf4j.sys}; typed key/value views, the object
 * loader and the program side build on it, never the other way round.
 */
package dev.ebpf4j.maps;
