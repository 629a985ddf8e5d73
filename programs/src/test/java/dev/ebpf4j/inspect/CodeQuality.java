package dev.ebpf4j.inspect;

import dev.ebpf4j.loader.LoadedObject;
import dev.ebpf4j.program.net.FrameBuilder;
import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import dev.ebpf4j.programs.Program;
import dev.ebpf4j.programs.ProgramInfo;
import dev.ebpf4j.maps.KernelMap;
import dev.ebpf4j.maps.KernelMaps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The code-quality comparison of issue 4, run by {@code bin/bench-programs}: for each program of
 * {@code programs/} (the examples and the TCP suite; a tc program by its ingress entry), the processor's object against clang -O2 -mcpu=v3 on the processor's C rendering — instructions
 * after verification (xlated), instructions the verifier processed, and the kernel's mean
 * nanoseconds per packet over large test-run repeats on the same frames, rounds alternating
 * between the two objects (which one runs first swaps every round), median of the rounds, and the
 * median and quartiles of the ratio within each round's pair. Prints a Markdown table.
 */
public final class CodeQuality {
    private static int REPEAT = 1_000_000;
    private static int ROUNDS = 21;

    private CodeQuality() {
    }

    /** {@code --sizes}: one short round, for the instruction counts alone (the times are noise then). */
    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--sizes")) {
            REPEAT = 1_000;
            ROUNDS = 1;
        }
        Path dir = Files.createTempDirectory("ebpf4j-quality");
        Map<String, byte[]> frames = new LinkedHashMap<>();
        frames.put("IPv4 SYN to 23", FrameBuilder.tcp(40000, 23).flags(Tcp.SYN).build());
        frames.put("IPv4 ACK to 80", FrameBuilder.tcp(40000, 80).build());
        frames.put("IPv6+2 ext, 443", FrameBuilder.tcp(40000, 443).ipv6()
                .extensionHeaders(Ipv6.HOP_BY_HOP, Ipv6.DESTINATION_OPTIONS).build());
        frames.put("UDP", FrameBuilder.udp(53, 53).build());

        System.out.println("| program | build | xlated insns | verified insns | " + String.join(" | ", frames.keySet()) + " |");
        System.out.println("|---|---|---|---|" + "---|".repeat(frames.size()));
        measure("PortFilter.filter", PortFilter.class, "filter", dir, frames, CodeQuality::blockPort23);
        measure("TcpFlagCounter.count", TcpFlagCounter.class, "count", dir, frames, object -> { });
        measure("TrafficCounters.ingress", TrafficCounters.class, "ingress", dir, frames, object -> { });
        measure("SynGuard.guard", SynGuard.class, "guard", dir, frames, CodeQuality::allowNothingLimitAll);
        measure("CidrFirewall.filter", CidrFirewall.class, "filter", dir, frames, CodeQuality::blockAndAllowPrefixes);
        measure("FlowTracker.ingress", FlowTracker.class, "ingress", dir, frames, object -> { });
        measure("ConnectionEvents.ingress", ConnectionEvents.class, "ingress", dir, frames, object -> { });
        System.out.println();
        System.out.println("(ns per packet: the kernel's mean over " + REPEAT + " test-run repeats, median of "
                + ROUNDS + " alternating rounds; in brackets ours / clang: the median of the rounds' ratios and"
                + " their interquartile range)");
    }

    private static void blockPort23(LoadedObject object) {
        KernelMaps.of(object.map("blockedPorts"), Integer.class, Byte.class).put(23, (byte) 1);
    }

    /** Burst 1, rate 0: after the first SYN every SYN of the frame's source is dropped, as in a flood. */
    private static void allowNothingLimitAll(LoadedObject object) {
        KernelMap<Integer, Long> config = KernelMaps.of(object.map("config"), Integer.class, Long.class);
        config.put(SynGuard.RATE, 0L);
        config.put(SynGuard.BURST, 1L);
    }

    /** 10/8 blocked, 10.0.0.1/32 allowed for port 80 only, 2001:db8::/32 blocked for port 443 only. */
    private static void blockAndAllowPrefixes(LoadedObject object) {
        KernelMaps.lpmTrie(object.map("block4"), Integer.class, CidrFirewall.Rule.class)
                .put(0x0a000000, 8, new CidrFirewall.Rule(1, 8, CidrFirewall.ANY_PORT));
        KernelMaps.lpmTrie(object.map("allow4"), Integer.class, CidrFirewall.Rule.class)
                .put(0x0a000001, 32, new CidrFirewall.Rule(2, 32, 80));
        KernelMaps.lpmTrie(object.map("block6"), Ipv6Address.class, CidrFirewall.Rule.class)
                .put(new Ipv6Address(0x20010db800000000L, 0), 32, new CidrFirewall.Rule(3, 32, 443));
    }

    private static void measure(String label, Class<?> program, String entry, Path dir, Map<String, byte[]> frames,
                                Consumer<LoadedObject> setUp) throws Exception {
        try (LoadedObject ours = KernelPrograms.loadOurs(program);
             LoadedObject clangs = KernelPrograms.loadClangs(program, dir)) {
            setUp.accept(ours);
            setUp.accept(clangs);
            Program a = ours.program(entry);
            Program b = clangs.program(entry);
            long[][] oursNs = new long[frames.size()][ROUNDS];
            long[][] clangNs = new long[frames.size()][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                int f = 0;
                for (byte[] frame : frames.values()) {
                    // Who runs first swaps every round: the second run of a pair finds warmer caches.
                    if (round % 2 == 0) {
                        oursNs[f][round] = a.testRun(frame, REPEAT).durationNanos();
                        clangNs[f][round] = b.testRun(frame, REPEAT).durationNanos();
                    } else {
                        clangNs[f][round] = b.testRun(frame, REPEAT).durationNanos();
                        oursNs[f][round] = a.testRun(frame, REPEAT).durationNanos();
                    }
                    f++;
                }
            }
            ProgramInfo ia = a.info();
            ProgramInfo ib = b.info();
            StringBuilder ro = new StringBuilder("| " + label + " | ebpf4j | " + ia.xlatedLength() / 8 + " | "
                    + verified(ia) + " |");
            StringBuilder rc = new StringBuilder("| | clang -O2 -mcpu=v3 | " + ib.xlatedLength() / 8 + " | " + verified(ib) + " |");
            for (int f = 0; f < frames.size(); f++) {
                long mo = median(oursNs[f]);
                long mc = median(clangNs[f]);
                // The ratio of each round's pair, not of the medians: a pair runs back to back, so a
                // slow spell of the machine moves both of its runs.
                double[] ratios = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    ratios[round] = (double) oursNs[f][round] / clangNs[f][round];
                }
                Arrays.sort(ratios);
                ro.append(' ').append(mo).append(String.format(" (%.2f×, %.2f–%.2f)", ratios[ROUNDS / 2],
                        ratios[ROUNDS / 4], ratios[ROUNDS - 1 - ROUNDS / 4])).append(" |");
                rc.append(' ').append(mc).append(" |");
            }
            System.out.println(ro);
            System.out.println(rc);
            String verifiedRatio = ia.verifiedInstructions().isPresent() && ib.verifiedInstructions().isPresent()
                    ? String.format("%.2f×", (double) ia.verifiedInstructions().getAsInt() / ib.verifiedInstructions().getAsInt()) : "";
            System.out.printf("| | ratio | %.2f× | %s |%s%n", (double) ia.xlatedLength() / ib.xlatedLength(), verifiedRatio,
                    " |".repeat(frames.size()));
        }
    }

    private static String verified(ProgramInfo info) {
        return info.verifiedInstructions().isPresent() ? String.valueOf(info.verifiedInstructions().getAsInt()) : "n/a";
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
