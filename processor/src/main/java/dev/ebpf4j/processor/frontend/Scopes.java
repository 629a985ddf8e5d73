package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Local;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * The methods being lowered, innermost first (the entry method and the calls inlined into it):
 * what their variables are bound to, where their breaks and returns go, and the entry method's
 * hook, whose verdicts the messages suggest returning.
 */
final class Scopes {
    final Deque<Frame> frames = new ArrayDeque<>();
    /** Variables whose declaration was refused (and reported): a use of one is no second error. */
    private final Set<Element> refused = new HashSet<>();
    private Hook hook = Hook.XDP;
    private String context = "ctx";

    /** Starts the entry method of {@code hook} whose context parameter is called {@code context}. */
    void enter(Hook hook, String context) {
        this.hook = hook;
        this.context = context;
    }

    /** The frame of one method being lowered: its variables, break targets, and where its returns go. */
    static final class Frame {
        final ExecutableElement method;
        final Map<Element, Binding> bindings = new HashMap<>();
        final Deque<Target> targets = new ArrayDeque<>();
        /** The label of the inlined block a return leaves; null in the entry method. */
        final String returnLabel;
        /** The local an inlined return assigns; null for void or a record. */
        final Local result;
        /** The locals an inlined return of a record (or boxed value) assigns, field by field; else null. */
        Binding.Aggregate aggregateResult;
        final List<FlowState> returnStates = new ArrayList<>();
        /** What a return of the entry method or of a real function returns (INT: a verdict's code). */
        dev.ebpf4j.processor.ir.Prim returnType = dev.ebpf4j.processor.ir.Prim.INT;

        Frame(ExecutableElement method, String returnLabel, Local result) {
            this.method = method;
            this.returnLabel = returnLabel;
            this.result = result;
        }
    }

    /** A break (and for loops continue) target: its Java label if any, its IR label, and the states at its breaks. */
    static final class Target {
        final String javaLabel;
        final String label;
        final Kind kind;
        /** For a switch expression: the local its yields assign. */
        final Local result;
        final List<FlowState> breakStates = new ArrayList<>();

        Target(String javaLabel, String label, Kind kind, Local result) {
            this.javaLabel = javaLabel;
            this.label = label;
            this.kind = kind;
            this.result = result;
        }

        Target(String javaLabel, String label, Kind kind) {
            this(javaLabel, label, kind, null);
        }
    }

    /** What a target is: an unlabelled break leaves the innermost loop or switch statement, a yield its switch expression. */
    enum Kind { LOOP, SWITCH, BLOCK, SWITCH_EXPRESSION }

    /** The statement that lets the packet through ({@code pass}) or drops it, in the entry method's hook. */
    String verdict(boolean pass) {
        return switch (hook) {
            case XDP -> pass ? "return XdpAction.PASS;" : "return XdpAction.DROP;";
            case TC_INGRESS, TC_EGRESS -> pass ? "return TcAction.OK;" : "return TcAction.SHOT;";
            case SOCKET_FILTER -> pass ? "return " + context + ".length();" : "return 0;";
        };
    }

    /**
     * A null check of {@code name} that compiles where the check is needed: a return of the hook's
     * verdict in the entry method, of null in a method returning a view, else a guarded block.
     */
    String nullCheck(String name) {
        Frame frame = frame();
        if (frame.returnLabel == null) return "if (" + name + " == null) " + verdict(true);
        if (frame.result != null && frame.result.type() instanceof dev.ebpf4j.processor.ir.ViewKind) {
            return "if (" + name + " == null) return null;";
        }
        return "if (" + name + " != null) { ... }";
    }

    Frame frame() {
        return frames.peek();
    }

    Binding binding(Element element) {
        return frame().bindings.get(element);
    }

    /** Marks {@code element} as a variable whose declaration was refused with an error already reported. */
    void refuse(Element element) {
        if (element != null) refused.add(element);
    }

    /**
     * Abandons the statement that uses {@code element} if its declaration was refused: the error
     * was reported there, and saying the variable has no supported type would contradict it.
     */
    void checkNotRefused(Element element) {
        if (element != null && refused.contains(element)) throw new Rejected();
    }
}
