package dev.ebpf4j.tcpinspect.source;

import dev.ebpf4j.inspect.SynGuard;
import dev.ebpf4j.maps.KernelMaps;
import dev.ebpf4j.maps.MapHandle;
import dev.ebpf4j.object.DataSection;
import dev.ebpf4j.skeleton.ProgramResource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * The counts of a SynGuard that another tcpinspect runs, read once through the maps it pinned
 * ({@code synCounts}, {@code overLimit}, and its frozen {@code .rodata} for the IPv6 source prefix
 * it was loaded with): how {@code watch} shows the guard beside it. Read-only: nothing here writes
 * a map. The numbers are taken when opened, so that one reading is one consistent look and no map
 * stays open after it (the guard may stop and another start between two readings).
 */
public record PinnedGuard(String device, int ipv6SourcePrefix, long passedSyns, long droppedSyns, long allowlistedSyns,
                          List<OverLimit> overLimit) implements GuardControl {
    /** The pinned names of the maps read (a data section's '.' is pinned as '_'). */
    static final String SYN_COUNTS = "synCounts", OVER_LIMIT = "overLimit", RODATA = "SynGuard_rodata";
    /** Where {@code ipv6SourcePrefix} lies in the {@code .rodata} value: from SynGuard's own object. */
    private static final int PREFIX_OFFSET = ProgramResource.read(SynGuard.class).dataSection(".rodata")
            .flatMap(section -> section.variable("ipv6SourcePrefix")).map(DataSection.Variable::offset)
            .orElseThrow(() -> new IllegalStateException("SynGuard.bpf.o has no ipv6SourcePrefix in .rodata"));

    /**
     * Reads the guard of {@code device} whose maps are pinned in {@code mapsDir}.
     *
     * @throws RuntimeException if a pin is missing or goes while being read (the guard is starting or ending)
     */
    public static PinnedGuard read(String device, Path mapsDir) {
        try (MapHandle counts = MapHandle.openPinned(mapsDir.resolve(SYN_COUNTS));
             MapHandle sources = MapHandle.openPinned(mapsDir.resolve(OVER_LIMIT));
             MapHandle rodata = MapHandle.openPinned(mapsDir.resolve(RODATA))) {
            byte[] constants = rodata.lookup(new byte[4]).orElseThrow(() -> new IllegalStateException(mapsDir.resolve(RODATA) + " is empty"));
            int prefix = ByteBuffer.wrap(constants).order(ByteOrder.nativeOrder()).getInt(PREFIX_OFFSET);
            var synCounts = KernelMaps.perCpu(counts, Integer.class, Long.class);
            return new PinnedGuard(device, prefix, synCounts.sum(SynGuard.PASSED), synCounts.sum(SynGuard.DROPPED),
                    synCounts.sum(SynGuard.ALLOWLISTED),
                    SynGuardProbe.overLimit(KernelMaps.of(sources, SynGuard.Source.class, Long.class).entries(), prefix));
        }
    }
}
