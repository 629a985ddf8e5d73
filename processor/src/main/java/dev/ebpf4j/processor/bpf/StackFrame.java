package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.processor.ir.SourcePosition;

/**
 * The stack frame of one function: 8-byte aligned areas below r10. Homes of spilled locals live for
 * the whole function; scratch areas (keys, values, saved temporaries) are taken and given back in
 * stack order with {@link #mark()} and {@link #release(int)}.
 */
final class StackFrame {
    static final int LIMIT = 512;

    private final String function;
    private final SourcePosition position;
    private int depth;
    private int maxDepth;

    StackFrame(String function, SourcePosition position) {
        this.function = function;
        this.position = position;
    }

    /** The r10-relative offset of a fresh area of {@code bytes} (rounded up to 8). */
    int allocate(int bytes) {
        depth += (bytes + 7) & ~7;
        maxDepth = Math.max(maxDepth, depth);
        if (depth > LIMIT) {
            throw new CompileException(position, "function " + function + " needs more than the " + LIMIT
                    + " bytes of stack eBPF allows (locals, map keys and values); use fewer locals or smaller keys");
        }
        return -depth;
    }

    int mark() {
        return depth;
    }

    void release(int mark) {
        depth = mark;
    }

    int maxDepth() {
        return maxDepth;
    }
}
