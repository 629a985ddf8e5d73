package dev.ebpf4j.object;

import dev.ebpf4j.types.AttachType;
import dev.ebpf4j.types.ProgramType;
import java.util.Objects;
import java.util.Optional;

/**
 * What a program section name asks for: the program type and the expected attach type the
 * kernel is told at load time (empty where libbpf passes 0).
 *
 * <pre>{@code
 * SectionNames.require("tcx/ingress");   // ProgramKind[type=SCHED_CLS, expectedAttachType=Optional[TCX_INGRESS]]
 * }</pre>
 */
public record ProgramKind(ProgramType type, Optional<AttachType> expectedAttachType) {
    public ProgramKind {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expectedAttachType, "expectedAttachType");
    }

    public static ProgramKind of(ProgramType type) {
        return new ProgramKind(type, Optional.empty());
    }

    public static ProgramKind of(ProgramType type, AttachType attachType) {
        return new ProgramKind(type, Optional.of(attachType));
    }
}
