package dev.ebpf4j.errors;

import dev.ebpf4j.types.ProgramType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's verifier refused a program (or its BTF checker refused a BTF blob). Carries the whole
 * log; the message shows the kernel's complaint, the failing instruction and the last lines of the
 * log, plus the source position of that instruction when the loader knows one.
 *
 * <pre>{@code
 * try {
 *     Program.load(ProgramType.XDP, insns, "GPL", "bad");
 * } catch (VerifierException e) {
 *     e.failingInstruction();  // OptionalInt[0]
 *     e.complaint();           // "R2 !read_ok"
 *     e.log();                 // the whole verifier log
 * }
 * }</pre>
 */
public final class VerifierException extends BpfException {
    private static final int TAIL_LINES = 6;
    /** A verifier line that prints an instruction: {@code 12: (bf) r1 = r2}. */
    private static final Pattern INSN_LINE = Pattern.compile("^(\\d+): \\([0-9a-f]{2}\\)");

    private final String objectName;
    private final String log;
    private final OptionalInt failingInstruction;
    private final Optional<String> sourceLocation;

    /**
     * @param sourceLocator maps an instruction index to a source position such as
     *     {@code Counter.java:42}, or returns null when it does not know; may itself be null
     */
    public VerifierException(BpfCommand command, Errno errno, String objectName, String log,
                             IntFunction<String> sourceLocator) {
        this(command, errno, objectName, log, failingInstructionOf(log), sourceLocator);
    }

    private VerifierException(BpfCommand command, Errno errno, String objectName, String log,
                              OptionalInt failing, IntFunction<String> sourceLocator) {
        this(command, errno, objectName, log, failing, locate(failing, sourceLocator));
    }

    private VerifierException(BpfCommand command, Errno errno, String objectName, String log,
                              OptionalInt failing, Optional<String> source) {
        super(command, errno, message(command, errno, objectName, log, failing, source));
        this.objectName = objectName;
        this.log = log;
        this.failingInstruction = failing;
        this.sourceLocation = source;
    }

    /** The name of the program (or BTF blob) that was refused. */
    public String objectName() {
        return objectName;
    }

    /** The whole verifier log as the kernel wrote it. */
    public String log() {
        return log;
    }

    /** The index of the last instruction the verifier printed before it gave up, if it printed one. */
    public OptionalInt failingInstruction() {
        return failingInstruction;
    }

    /** Where the failing instruction came from in the source, if the loader supplied a mapping. */
    public Optional<String> sourceLocation() {
        return sourceLocation;
    }

    /** The kernel's own sentence for the refusal: the last log line that is not a statistics line. */
    public String complaint() {
        return complaintOf(log);
    }

    static OptionalInt failingInstructionOf(String log) {
        List<String> lines = log.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = INSN_LINE.matcher(lines.get(i));
            if (m.find()) {
                return OptionalInt.of(Integer.parseInt(m.group(1)));
            }
        }
        return OptionalInt.empty();
    }

    /**
     * What kernels before 5.12 say of an atomic instruction other than add: they know only BPF_XADD.
     * 5.10 refuses it before verifying, in its first pass over the instructions, in the second words.
     */
    private static final String OLD_ATOMICS = "BPF_XADD uses reserved fields";
    private static final String OLD_ATOMICS_5_10 = "BPF_STX uses reserved fields";
    private static final String OLD_ATOMICS_HINT = ": this kernel's atomic instructions only add (or, and, xor and fetching"
            + " atomics came with 5.12); update the field with add, or keep the value in a per-CPU map, where or, and and xor"
            + " need no atomic instruction";

    static String complaintOf(String log) {
        List<String> lines = meaningfulLines(log);
        return lines.isEmpty() ? "(the kernel wrote no log)" : lines.getLast().strip();
    }

    private static List<String> meaningfulLines(String log) {
        List<String> lines = new ArrayList<>();
        for (String line : log.lines().toList()) {
            if (!line.isBlank() && !line.startsWith("processed ") && !line.startsWith("verification time")
                    && !line.startsWith("stack depth")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static Optional<String> locate(OptionalInt failing, IntFunction<String> locator) {
        if (failing.isEmpty() || locator == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(locator.apply(failing.getAsInt()));
    }

    private static String message(BpfCommand command, Errno errno, String name, String log,
                                  OptionalInt failing, Optional<String> source) {
        StringBuilder sb = new StringBuilder();
        String what = command == BpfCommand.BTF_LOAD ? "BTF" : "program";
        sb.append(what).append(" '").append(name).append("' rejected by the kernel verifier (")
                .append(errno.name()).append("): ").append(complaintOf(log));
        failing.ifPresent(i -> sb.append(" at instruction ").append(i));
        source.ifPresent(s -> sb.append(" (").append(s).append(')'));
        String complaint = complaintOf(log);
        if (complaint.contains(OLD_ATOMICS) || complaint.contains(OLD_ATOMICS_5_10)) sb.append(OLD_ATOMICS_HINT);
        List<String> lines = meaningfulLines(log);
        if (!lines.isEmpty()) {
            sb.append("\nverifier log, last lines:");
            for (String line : lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) {
                sb.append("\n  ").append(line);
            }
        }
        return sb.toString();
    }
}
