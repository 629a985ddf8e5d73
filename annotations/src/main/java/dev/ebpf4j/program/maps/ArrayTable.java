package dev.ebpf4j.program.maps;

/**
 * What the arrays share: {@link MapDef#maxEntries()} elements indexed from 0, each a
 * {@link Slots slot} (one value, or one per CPU) whose bytes are all zero from the start. Elements
 * cannot be removed, and an index outside the array has no value.
 */
abstract sealed class ArrayTable<V> extends InMemoryMap<Integer, V> permits BpfArray, BpfPerCpuArray {
    private final Slots slots;
    private Object[] elements;

    ArrayTable(Slots slots) {
        this.slots = slots;
    }

    private Object[] elements() {
        if (elements == null) {
            Declaration declaration = declaration();
            elements = new Object[declaration.maxEntries()];
            Object zero = Values.zero(declaration.valueType());
            for (int i = 0; i < elements.length; i++) elements[i] = slots.filled(zero);
        }
        return elements;
    }

    private boolean inRange(Integer index) {
        required(index, "index");
        return index >= 0 && index < elements().length;
    }

    /** The slot at {@code index}, or null outside the array. */
    final synchronized Object slot(Integer index) {
        return inRange(index) ? elements()[index] : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized V get(Integer index) {
        return inRange(index) ? (V) StructCopies.copyOut(slots.value(elements()[index])) : null;
    }

    @Override
    public synchronized boolean containsKey(Integer index) {
        return inRange(index);
    }

    @Override
    public synchronized boolean put(Integer index, V value) {
        V copy = StructCopies.copyIn(required(value, "value"));
        if (!inRange(index)) return false;
        elements()[index] = slots.with(elements()[index], copy);
        return true;
    }

    /** Always false: every element of an array is present from the start ({@code BPF_NOEXIST} fails). */
    @Override
    public synchronized boolean putIfAbsent(Integer index, V value) {
        StructCopies.copyIn(required(value, "value"));
        inRange(index);
        return false;
    }

    /** Always false: array elements cannot be removed. */
    @Override
    public synchronized boolean remove(Integer index) {
        inRange(index);
        return false;
    }

    @Override
    public synchronized void increment(Integer index, long delta) {
        if (!inRange(index)) return;
        Object slot = elements()[index];
        elements()[index] = slots.with(slot, Counters.add(slots.value(slot), delta, name()));
    }

    /** As {@link #add}: every element of an array is present, so {@code initial} is never stored. */
    @Override
    public synchronized boolean addOrInsert(Integer index, RecordField<V> field, long delta, V initial) {
        StructCopies.copyIn(required(initial, "initial value"));
        return updateField(index, field, FieldOp.ADD, delta);
    }

    /** {@inheritDoc} An index outside the array has none. */
    @Override
    final boolean updateField(Integer index, RecordField<V> field, FieldOp op, long operand) {
        var component = RecordFields.component(declaration().valueType(), field, name());
        if (!inRange(index)) return false;
        Object slot = elements()[index];
        elements()[index] = slots.with(slot, RecordFields.updated(slots.value(slot), component, op, operand));
        return true;
    }

    @Override
    public synchronized void clear() {
        elements = null;
    }
}
