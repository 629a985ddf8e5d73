package dev.ebpf4j.asm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles LLVM's BPF assembly syntax (what {@code llvm-mc-19 -triple bpfel -mcpu=v4} accepts
 * for instructions) into {@link Assembly} sections, plus the extensions {@link Disassembler}
 * prints where LLVM's text is lossy ({@code call pc+3}, {@code call kfunc 100},
 * {@code ld_pseudo r1, 2, 5, 8}, {@code skb[r1 + 5]}) and clang's {@code r1 = w0} (the ALU32
 * move {@code w1 = w0}), which {@code clang-19 -S} writes but llvm-mc 19 rejects.
 *
 * <p>Statements end at a line end or {@code ;}; {@code #} and {@code //} comment to the end of the
 * line and {@code /* *}{@code /} anywhere. {@code name:} defines a label at the next instruction;
 * {@code goto name}, {@code if ... goto name} and {@code gotol name} jump to a label of the same
 * section; {@code call name} calls a local label directly and otherwise becomes a
 * {@link Assembly.Reference}, as does {@code r1 = name ll}. Directives: {@code .section name},
 * {@code .text}, {@code .globl}/{@code .global}, {@code .type name,@function}; {@code .file},
 * {@code .size}, {@code .p2align} (up to 3), {@code .addrsig} and {@code .addrsig_sym} are read and
 * ignored. Unlike llvm-mc, immediates that do not fit their field are errors, not truncated.
 *
 * <pre>{@code
 * List<Instruction> program = Assembler.assembleInstructions("""
 *         r0 = 0
 *     loop:
 *         r0 += 1
 *         if r0 < 10 goto loop
 *         exit
 *     """);
 * }</pre>
 */
public final class Assembler {

    private static final Set<String> IGNORED_DIRECTIVES = Set.of(".file", ".size", ".addrsig", ".addrsig_sym");

    private final String text;
    private final List<SectionBuilder> sections = new ArrayList<>();
    private final Map<String, SectionBuilder> labelSections = new HashMap<>();
    private final Set<String> globals = new HashSet<>();
    private final Set<String> functions = new HashSet<>();
    private SectionBuilder current;

    private Assembler(String text) {
        this.text = text;
    }

    /** Assembles {@code text} into sections; instructions before any directive go to {@code .text}. */
    public static Assembly assemble(String text) throws AssemblyException {
        Assembler assembler = new Assembler(text);
        assembler.run();
        return assembler.result(false);
    }

    /**
     * Assembles text with one section whose jumps and calls all resolve to its own labels: a
     * program without references. Throws for a second section or an unresolved reference.
     */
    public static List<Instruction> assembleInstructions(String text) throws AssemblyException {
        Assembler assembler = new Assembler(text);
        assembler.run();
        List<SectionBuilder> used = assembler.sections.stream().filter(s -> !s.instructions.isEmpty()).toList();
        if (used.size() > 1) {
            throw new AssemblyException(used.get(1).line, 0,
                    "instructions in a second section " + used.get(1).name + " (expected one section)");
        }
        Assembly assembly = assembler.result(true);
        return assembly.sections().stream()
                .filter(s -> !s.instructions().isEmpty()).findFirst()
                .map(Assembly.Section::instructions).orElse(List.of());
    }

    private void run() throws AssemblyException {
        List<Token> tokens = Lexer.tokenize(text);
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == Token.Kind.END) {
                statement(tokens.subList(start, i + 1));
                start = i + 1;
            }
        }
    }

    private void statement(List<Token> tokens) throws AssemblyException {
        int pos = 0;
        while (tokens.size() > pos + 2 && tokens.get(pos + 1).is(":")) {
            Token name = tokens.get(pos);
            if (name.kind() != Token.Kind.WORD) {
                throw TokenCursor.error(name, "a label is a name, not " + name.describe());
            }
            defineLabel(name);
            pos += 2;
        }
        List<Token> rest = tokens.subList(pos, tokens.size());
        Token first = rest.getFirst();
        if (first.kind() == Token.Kind.END) {
            return;
        }
        if (first.kind() == Token.Kind.WORD && first.text().startsWith(".")) {
            directive(rest);
            return;
        }
        StatementParser.Parsed parsed;
        try {
            parsed = StatementParser.parse(rest);
        } catch (IllegalArgumentException e) {
            // The instruction records check encodability; their message names the problem.
            throw TokenCursor.error(first, e.getMessage());
        }
        section(first).add(parsed);
    }

    private void defineLabel(Token name) throws AssemblyException {
        if (TokenCursor.looksLikeRegister(name.text())) {
            throw TokenCursor.error(name, name.text() + " is a register name, not a label");
        }
        SectionBuilder section = section(name);
        if (labelSections.putIfAbsent(name.text(), section) != null) {
            throw TokenCursor.error(name, "label " + name.text() + " is already defined");
        }
        section.labels.put(name.text(), section.slot);
    }

    private void directive(List<Token> tokens) throws AssemblyException {
        Token name = tokens.getFirst();
        switch (name.text()) {
            case ".section" -> current = sectionNamed(sectionName(tokens), name.line());
            case ".text" -> current = sectionNamed(".text", name.line());
            case ".globl", ".global" -> globals.add(symbolOperand(tokens));
            case ".type" -> {
                String symbol = symbolOperand(tokens);
                Token kind = tokens.get(tokens.size() - 2);
                if (kind.text().equals("function") || kind.text().equals("STT_FUNC")) {
                    functions.add(symbol);
                }
            }
            case ".p2align" -> {
                Token power = tokens.get(1);
                if (power.kind() != Token.Kind.NUMBER || !power.text().matches("[0-3]")) {
                    throw TokenCursor.error(power, ".p2align beyond 3 would pad between instructions; not supported");
                }
            }
            default -> {
                if (!IGNORED_DIRECTIVES.contains(name.text())) {
                    throw TokenCursor.error(name, "unsupported directive " + name.text());
                }
            }
        }
    }

    /** The name after {@code .section}: a quoted string, or the raw text up to the first comma ({@code kprobe/sys_open}). */
    private String sectionName(List<Token> tokens) throws AssemblyException {
        Token first = tokens.get(1);
        if (first.kind() == Token.Kind.STRING) {
            return first.text();
        }
        if (first.kind() == Token.Kind.END || first.is(",")) {
            throw TokenCursor.error(first, ".section needs a name");
        }
        int last = 1;
        while (tokens.get(last + 1).kind() != Token.Kind.END && !tokens.get(last + 1).is(",")) {
            last++;
        }
        return text.substring(first.start(), tokens.get(last).end());
    }

    private static String symbolOperand(List<Token> tokens) throws AssemblyException {
        Token symbol = tokens.get(1);
        if (symbol.kind() != Token.Kind.WORD) {
            throw TokenCursor.error(symbol, tokens.getFirst().text() + " needs a symbol name, found " + symbol.describe());
        }
        return symbol.text();
    }

    private SectionBuilder section(Token at) {
        if (current == null) {
            current = sectionNamed(".text", at.line());
        }
        return current;
    }

    private SectionBuilder sectionNamed(String name, int line) {
        for (SectionBuilder section : sections) {
            if (section.name.equals(name)) {
                return section;
            }
        }
        SectionBuilder section = new SectionBuilder(name, line);
        sections.add(section);
        return section;
    }

    private Assembly result(boolean requireResolved) throws AssemblyException {
        List<Assembly.Section> result = new ArrayList<>();
        for (SectionBuilder section : sections) {
            result.add(section.build(requireResolved));
        }
        return new Assembly(result);
    }

    /** A section being filled: its instructions, their slots, its labels and unresolved targets. */
    private final class SectionBuilder {
        final String name;
        final int line;
        final List<Instruction> instructions = new ArrayList<>();
        final List<Integer> slots = new ArrayList<>();
        final List<StatementParser.Target> targets = new ArrayList<>();
        final Map<String, Integer> labels = new LinkedHashMap<>();
        int slot;

        SectionBuilder(String name, int line) {
            this.name = name;
            this.line = line;
        }

        void add(StatementParser.Parsed parsed) {
            instructions.add(parsed.instruction());
            targets.add(parsed.target());
            slots.add(slot);
            slot += parsed.instruction().slots();
        }

        Assembly.Section build(boolean requireResolved) throws AssemblyException {
            List<Instruction> resolved = new ArrayList<>(instructions);
            List<Assembly.Reference> references = new ArrayList<>();
            for (int i = 0; i < instructions.size(); i++) {
                StatementParser.Target target = targets.get(i);
                if (target == null) {
                    continue;
                }
                Integer labelSlot = labels.get(target.name());
                boolean local = labelSlot != null && !globals.contains(target.name());
                switch (target.kind()) {
                    case JUMP -> resolved.set(i, jump(instructions.get(i), target, labelSlot, slots.get(i)));
                    case CALL -> {
                        if (local) {
                            resolved.set(i, new Instruction.Call(CallKind.FUNCTION, labelSlot - slots.get(i) - 1, 0));
                        } else {
                            references.add(reference(i, target, requireResolved));
                        }
                    }
                    case LOAD -> references.add(reference(i, target, requireResolved));
                }
            }
            List<Assembly.Symbol> symbols = new ArrayList<>();
            labels.forEach((label, at) ->
                    symbols.add(new Assembly.Symbol(label, at, globals.contains(label), functions.contains(label))));
            return new Assembly.Section(name, resolved, symbols, references);
        }

        private Instruction jump(Instruction placeholder, StatementParser.Target target, Integer labelSlot, int from)
                throws AssemblyException {
            if (labelSlot == null) {
                SectionBuilder other = labelSections.get(target.name());
                throw TokenCursor.error(target.at(), other == null ? "undefined label " + target.name()
                        : "label " + target.name() + " is in section " + other.name + "; jumps stay within " + name);
            }
            int offset = labelSlot - from - 1;
            boolean fits = offset >= Short.MIN_VALUE && offset <= Short.MAX_VALUE;
            return switch (placeholder) {
                case Instruction.Goto go when go.longOffset() -> new Instruction.Goto(true, offset);
                case Instruction.Goto _ when fits -> new Instruction.Goto(false, offset);
                case Instruction.Jump j when fits -> new Instruction.Jump(j.wide(), j.op(), j.dst(), j.src(), offset);
                default -> throw TokenCursor.error(target.at(), "label " + target.name() + " is " + offset
                        + " slots away, beyond a 16-bit jump offset" + (placeholder instanceof Instruction.Goto ? " (use gotol)" : ""));
            };
        }

        private Assembly.Reference reference(int index, StatementParser.Target target, boolean requireResolved)
                throws AssemblyException {
            if (requireResolved) {
                throw TokenCursor.error(target.at(), target.name() + " is not a local label of this section"
                        + " (it needs a relocation)");
            }
            return new Assembly.Reference(index, slots.get(index), target.name());
        }
    }
}
