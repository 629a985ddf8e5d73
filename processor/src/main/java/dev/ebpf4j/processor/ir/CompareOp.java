package dev.ebpf4j.processor.ir;

/** Comparisons: signed (as Java's operators) and unsigned (as {@code Integer/Long.compareUnsigned}). */
public enum CompareOp {
    EQ, NE, LT, LE, GT, GE, ULT, ULE, UGT, UGE;

    /** The comparison true exactly when this one is false. */
    public CompareOp negate() {
        return switch (this) {
            case EQ -> NE;
            case NE -> EQ;
            case LT -> GE;
            case LE -> GT;
            case GT -> LE;
            case GE -> LT;
            case ULT -> UGE;
            case ULE -> UGT;
            case UGT -> ULE;
            case UGE -> ULT;
        };
    }
}
