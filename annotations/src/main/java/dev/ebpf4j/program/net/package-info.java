/**
 * Packet header views: Ethernet (with VLAN tags), IPv4 (with options), IPv6 (with a bounded walk
 * over extension headers), TCP and UDP. A view exists only where its header fits in the packet —
 * every way to a view returns {@code null} otherwise — so a program cannot read past the end, and
 * each field reads in host order (a port reads as the number it is).
 *
 * <p>In the kernel a view is a packet pointer whose bounds the compiler has checked; on the JVM it
 * is a position in a byte array. This package depends on nothing but the JDK.
 */
package dev.ebpf4j.program.net;
