/**
 * What {@code tcpinspect} reads and controls, one small interface per concern (counters, flows,
 * connection events, firewall), and today's implementations over the skeletons of the example
 * programs. The suite's programs take their place here without the commands changing.
 *
 * <p>It depends on the runtime and the programs' skeletons, never on the command line.
 */
package dev.ebpf4j.tcpinspect.source;
