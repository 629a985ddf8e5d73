/**
 * What {@code tcpinspect} reads and controls, one small interface per concern (counters, flows,
 * connection events, guard, firewall), implemented over the generated skeletons of the TCP suite's
 * programs: TrafficCounters, FlowTracker and ConnectionEvents at tc, SynGuard and CidrFirewall at XDP.
 *
 * <p>It depends on the runtime and the programs' skeletons, never on the command line.
 */
package dev.ebpf4j.tcpinspect.source;
