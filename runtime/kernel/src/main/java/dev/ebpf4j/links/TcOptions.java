package dev.ebpf4j.links;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to attach a tc program: the mechanism (empty: TCX where the kernel has it, a cls_bpf filter
 * otherwise), and for TCX where to place it among the programs there and the revision the hook must
 * still have (a TCX link is refused with {@code ESTALE} when someone changed the hook since it was
 * read).
 *
 * <pre>{@code
 * TcOptions.defaults().withOrder(TcxOrder.first())
 * }</pre>
 */
public record TcOptions(Optional<Mechanism> mechanism, TcxOrder order, OptionalLong expectedRevision) {
    private static final TcOptions DEFAULTS = new TcOptions(Optional.empty(), TcxOrder.last(), OptionalLong.empty());

    public static TcOptions defaults() {
        return DEFAULTS;
    }

    public TcOptions withMechanism(Mechanism mechanism) {
        return new TcOptions(Optional.of(mechanism), order, expectedRevision);
    }

    public TcOptions withOrder(TcxOrder order) {
        return new TcOptions(mechanism, order, expectedRevision);
    }

    public TcOptions withExpectedRevision(long revision) {
        return new TcOptions(mechanism, order, OptionalLong.of(revision));
    }
}
