package dev.ebpf4j.object;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.asm.Reference;
import java.util.Objects;
import java.util.Optional;

/**
 * One function of an object: an entry program in its own section, or a subprogram (a bpf-to-bpf
 * callee) in {@code .text}. The code keeps its references to maps, globals and functions symbolic
 * and carries its source line marks; the loader links callees and resolves the rest.
 *
 * <pre>{@code
 * Code code = new CodeBuilder().ldMap(R1, "counters").callFunction("count").mov64(R0, 2).exit().build();
 * ProgramDefinition prog = ProgramDefinition.entry("count_packets", "xdp", code);
 * prog.kind();   // ProgramKind[type=XDP, expectedAttachType=Optional[XDP]]
 * ProgramDefinition sub = ProgramDefinition.subprogram("count", subCode);
 * }</pre>
 *
 * @param name the function's symbol name (a C identifier)
 * @param section the ELF section: a libbpf section name for an entry, {@code .text} for a subprogram
 * @param kind the program and expected attach type the section name stands for; for a
 *     subprogram {@code UNSPEC}, as it takes its caller's
 * @param role entry program or subprogram
 * @param code the instructions with symbolic references and line marks
 */
public record ProgramDefinition(String name, String section, ProgramKind kind, Role role, Code code) {
    /** The name of the section subprograms live in. */
    public static final String TEXT = ".text";

    /** Whether a function is loaded as a program of its own or only linked into callers. */
    public enum Role { ENTRY, SUBPROGRAM }

    public ProgramDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(code, "code");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a program needs a name");
        }
        if (code.size() == 0) {
            throw new IllegalArgumentException("program " + name + " has no instructions");
        }
        if (role == Role.SUBPROGRAM && !section.equals(TEXT)) {
            throw new IllegalArgumentException("subprogram " + name + " must live in " + TEXT + ", not " + section);
        }
        if (role == Role.ENTRY && section.equals(TEXT)) {
            throw new IllegalArgumentException("entry program " + name + " needs a program section, not " + TEXT);
        }
    }

    /** An entry program whose kind follows from {@code section} as libbpf reads it. */
    public static ProgramDefinition entry(String name, String section, Code code) {
        return new ProgramDefinition(name, section, SectionNames.require(section), Role.ENTRY, code);
    }

    /** A subprogram in {@code .text}. */
    public static ProgramDefinition subprogram(String name, Code code) {
        return new ProgramDefinition(name, TEXT, ProgramKind.of(dev.ebpf4j.types.ProgramType.UNSPEC), Role.SUBPROGRAM, code);
    }

    public boolean isEntry() {
        return role == Role.ENTRY;
    }

    /** The functions this one calls directly (bpf-to-bpf), in first-call order. */
    public java.util.List<String> callees() {
        return code.references().stream()
                .filter(r -> r.kind() == Reference.Kind.FUNCTION || r.kind() == Reference.Kind.FUNCTION_POINTER)
                .map(Reference::symbol).distinct().toList();
    }

    /** The expected attach type, if the section names one. */
    public Optional<dev.ebpf4j.types.AttachType> expectedAttachType() {
        return kind.expectedAttachType();
    }
}
