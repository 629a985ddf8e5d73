package dev.ebpf4j.junit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.ArbitraryDecorator;

/**
 * Frames from {@link FrameArbitraries}, with the knobs a property of a packet program needs:
 * {@link #injectTruncations(double)} cuts some frames short, anywhere from an Ethernet header to one
 * byte less than the whole, where bounds checks are tested.
 */
public final class FrameArbitrary extends ArbitraryDecorator<FrameSpec> {
    private static final int ETHERNET_HEADER = 14;
    private final Arbitrary<FrameSpec> frames;

    FrameArbitrary(Arbitrary<FrameSpec> frames) {
        this.frames = frames;
    }

    @Override
    protected Arbitrary<FrameSpec> arbitrary() {
        return frames;
    }

    /**
     * The same frames, a {@code share} (0 to 1) of them cut short: at least an Ethernet header stays
     * (the kernel test-runs nothing shorter), at least one byte goes.
     */
    public FrameArbitrary injectTruncations(double share) {
        if (share < 0 || share > 1) throw new IllegalArgumentException("FrameArbitrary.injectTruncations: " + share + " is not a share in 0..1");
        int cut = (int) Math.round(share * 1000);
        Arbitrary<FrameSpec> truncated = frames.flatMap(spec -> Arbitraries.integers().between(ETHERNET_HEADER, spec.fullLength() - 1)
                .map(length -> FrameArbitraries.withLength(spec, length)));
        if (cut == 0) return this;
        if (cut == 1000) return new FrameArbitrary(truncated);
        return new FrameArbitrary(Arbitraries.frequencyOf(Tuple.of(1000 - cut, frames), Tuple.of(cut, truncated)));
    }
}
