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

    @Override
    public synchronized boolean add(Integer index, RecordField<V> field, long delta) {
        return update(index, field, FieldOp.ADD, delta);
    }

    @Override
    public synchronized boolean or(Integer index, RecordField<V> field, long bits) {
        return update(index, field, FieldOp.OR, bits);
    }

    @Override
    public synchronized boolean and(Integer index, RecordField<V> field, long bits) {
        return update(index, field, FieldOp.AND, bits);
    }

    @Override
    public synchronized boolean xor(Integer index, RecordField<V> field, long bits) {
        return update(index, field, FieldOp.XOR, bits);
    }

    @Override
    public synchronized boolean set(Integer index, RecordField<V> field, long value) {
        return update(index, field, FieldOp.SET, value);
    }

    /** As {@link #add}: every element of an array is present, so {@code initial} is never stored. */
    @Override
    public synchronized boolean addOrInsert(Integer index, RecordField<V> field, long delta, V initial) {
        StructCopies.copyIn(required(initial, "initial value"));
        return update(index, field, FieldOp.ADD, delta);
    }

    /** The running CPU's element at {@code index} with one field updated in place; false outside the array. */
    private boolean update(Integer index, RecordField<V> field, FieldOp op, long operand) {
        var component = RecordFields.component(declaration().valueType(), field, name());
        if (!inRange(index)) return false;
        Object slot = elements()[index];
        elements()[index] = slots.with(slot, RecordFields.updated(slots.value(slot), component, op, operand));
        return true;
    }

    /** Under the table's lock, which no other call on it passes meanwhile: the JVM's equivalent of the value's spin lock. */
    @Override
    public synchronized boolean withLock(Integer key, java.util.function.Consumer<LockedValue<V>> changes) {
        if (!(this instanceof BpfArray)) {
            throw new IllegalArgumentException(name() + ": the kernel keeps a SpinLock only in hash and array maps;"
                    + " declare it a BpfHashMap or a BpfArray to use withLock");
        }
        return RecordFieldUpdates.withLock(this, key, changes);
    }

    @Override
    public synchronized void clear() {
        elements = null;
    }
}
