package dev.ebpf4j.programs;

import dev.ebpf4j.types.AttachType;

import dev.ebpf4j.types.ProgramType;

import java.util.function.IntFunction;

/**
 * What a program to be loaded looks like: its type, instruction bytes, license and name, plus the
 * optional BTF, func/line info and a mapping from instruction index to source position that
 * verifier errors use.
 *
 * <pre>{@code
 * ProgramSpec spec = ProgramSpec.of(ProgramType.XDP, insns, "GPL", "drop_syn")
 *         .withSourceLocator(index -> lines.sourceOf(index));   // "Firewall.java:31"
 * try (Program p = Program.load(spec)) { ... }
 * }</pre>
 *
 * @param expectedAttachType required by some program types at load time; null when none
 * @param btfFd fd of the program's BTF for func and line info, or 0
 * @param logLevel verifier log level used when a load fails and is retried for its log
 * @param sourceLocator instruction index to source position (null result: unknown); may be null
 */
public record ProgramSpec(ProgramType type, AttachType expectedAttachType, byte[] instructions, String license,
                          String name, int btfFd, byte[] funcInfo, int funcInfoRecordSize, byte[] lineInfo,
                          int lineInfoRecordSize, int logLevel, IntFunction<String> sourceLocator) {
    public ProgramSpec {
        if (type == null) {
            throw new IllegalArgumentException("program '" + name + "': no program type");
        }
        name = name == null ? "" : name;
    }

    public static ProgramSpec of(ProgramType type, byte[] instructions, String license, String name) {
        return new ProgramSpec(type, null, instructions, license, name, 0, null, 0, null, 0, 1, null);
    }

    public ProgramSpec withExpectedAttachType(AttachType attachType) {
        return new ProgramSpec(type, attachType, instructions, license, name, btfFd, funcInfo, funcInfoRecordSize,
                lineInfo, lineInfoRecordSize, logLevel, sourceLocator);
    }

    /** Func and line info records ({@code struct bpf_func_info}, {@code struct bpf_line_info}) against {@code btfFd}. */
    public ProgramSpec withBtf(int newBtfFd, byte[] newFuncInfo, int funcRecordSize, byte[] newLineInfo, int lineRecordSize) {
        return new ProgramSpec(type, expectedAttachType, instructions, license, name, newBtfFd, newFuncInfo, funcRecordSize,
                newLineInfo, lineRecordSize, logLevel, sourceLocator);
    }

    public ProgramSpec withLogLevel(int level) {
        return new ProgramSpec(type, expectedAttachType, instructions, license, name, btfFd, funcInfo, funcInfoRecordSize,
                lineInfo, lineInfoRecordSize, level, sourceLocator);
    }

    public ProgramSpec withSourceLocator(IntFunction<String> locator) {
        return new ProgramSpec(type, expectedAttachType, instructions, license, name, btfFd, funcInfo, funcInfoRecordSize,
                lineInfo, lineInfoRecordSize, logLevel, locator);
    }
}
