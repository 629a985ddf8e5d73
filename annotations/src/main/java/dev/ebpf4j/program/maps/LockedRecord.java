package dev.ebpf4j.program.maps;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * A record value taken apart into its components for {@link EbpfMap#withLock}, changed field by
 * field and put together again: what the kernel's in-place stores under the lock do, on the JVM.
 */
final class LockedRecord<V> implements LockedValue<V> {
    private final Class<?> type;
    private final RecordComponent[] components;
    private final Object[] values;
    private final String map;

    LockedRecord(V record, String map) {
        this.type = record.getClass();
        this.map = map;
        this.components = type.getRecordComponents();
        this.values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                accessor.trySetAccessible();
                values[i] = accessor.invoke(record);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + ": cannot read its components: " + e, e);
        }
    }

    /** The one {@link SpinLock} component of {@code type}; an error naming the fix if there is none or more than one. */
    static void requireOneLock(Class<?> type, String map) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(map + " holds " + type.getSimpleName() + ", not a record: withLock changes fields"
                    + " of a record that declares a SpinLock component (record Account(SpinLock lock, long balance) {})");
        }
        int locks = 0;
        for (RecordComponent component : type.getRecordComponents()) if (component.getType() == SpinLock.class) locks++;
        if (locks != 1) {
            throw new IllegalArgumentException(map + ": " + type.getSimpleName() + " declares " + locks + " SpinLock components;"
                    + " the kernel needs exactly one: declare one (record " + type.getSimpleName() + "(SpinLock lock, ...))");
        }
    }

    @Override
    public long get(RecordField<V> field) {
        return ((Number) values[index(field)]).longValue();
    }

    @Override
    public void set(RecordField<V> field, long value) {
        store(index(field), value);
    }

    @Override
    public void add(RecordField<V> field, long delta) {
        int i = index(field);
        store(i, ((Number) values[i]).longValue() + delta);
    }

    private void store(int i, long value) {
        values[i] = components[i].getType() == int.class ? (Object) (int) value : (Object) value;
    }

    private int index(RecordField<V> field) {
        RecordComponent component = RecordFields.component(type, field, map);
        for (int i = 0; i < components.length; i++) if (components[i].getName().equals(component.getName())) return i;
        throw new IllegalStateException(component.getName() + " is not a component of " + type.getName());
    }

    /** The record with the changes made. */
    @SuppressWarnings("unchecked")
    V record() {
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.trySetAccessible();
            return (V) constructor.newInstance(values);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + ": cannot rebuild it: " + e, e);
        }
    }
}
