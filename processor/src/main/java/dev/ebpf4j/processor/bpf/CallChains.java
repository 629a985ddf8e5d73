package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrScanner;
import dev.ebpf4j.processor.ir.ProgramUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The limits the verifier puts on chains of bpf-to-bpf calls, checked at compile time so the error
 * names the Java method instead of the kernel refusing the load: every frame on a chain from an
 * entry point shares one 512-byte stack, each frame counted rounded up to 32 bytes (at least 32),
 * and a chain holds at most 8 frames (the kernel's {@code check_max_stack_depth} and
 * {@code MAX_CALL_FRAMES}, the same from 4.16 to today).
 */
final class CallChains {
    static final int STACK_LIMIT = 512;
    static final int MAX_FRAMES = 8;

    private final ProgramUnit unit;
    private final Map<String, Integer> depths;

    private CallChains(ProgramUnit unit, Map<String, Integer> depths) {
        this.unit = unit;
        this.depths = depths;
    }

    /**
     * Checks every chain from each entry point of {@code unit}; {@code depths} holds each function's frame size.
     *
     * @throws CompileException at the function that a chain cannot hold
     */
    static void check(ProgramUnit unit, Map<String, Integer> depths) {
        CallChains chains = new CallChains(unit, depths);
        for (Function f : unit.functions()) {
            if (f.entry()) chains.walk(f, new ArrayList<>(), 0);
        }
    }

    /** The verifier's size of a frame of {@code depth} bytes. */
    static int frameSize(int depth) {
        return (Math.max(depth, 1) + 31) / 32 * 32;
    }

    private void walk(Function function, List<Function> chain, int below) {
        chain.add(function);
        int stack = below + frameSize(depths.getOrDefault(function.name(), 0));
        if (chain.size() > MAX_FRAMES) {
            throw new CompileException(function.position(), "calls nest " + chain.size() + " deep here (" + names(chain)
                    + "); the verifier allows " + MAX_FRAMES + " frames: inline one of them (@Inline)");
        }
        if (stack > STACK_LIMIT) {
            throw new CompileException(function.position(), "the call chain " + names(chain) + " needs " + stack
                    + " bytes of stack, and all frames of a chain share the kernel's " + STACK_LIMIT
                    + "; inline a function of the chain (@Inline) or keep fewer values live across its calls");
        }
        for (String callee : callees(function)) walk(unit.function(callee), chain, stack);
        chain.removeLast();
    }

    private static Set<String> callees(Function function) {
        Set<String> callees = new LinkedHashSet<>();
        IrScanner.forEachExpression(function.body(), e -> {
            if (e instanceof Expr.Call call) callees.add(call.function());
        });
        return callees;
    }

    private static String names(List<Function> chain) {
        return String.join(" -> ", chain.stream().map(Function::name).toList());
    }
}
