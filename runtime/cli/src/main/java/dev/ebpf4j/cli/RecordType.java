package dev.ebpf4j.cli;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.MapDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The type of a ring buffer's records, read from the object that declares the ring buffer (the
 * kernel keeps none for a ring buffer): {@code OBJ} names the map by the pinned map's name,
 * {@code OBJ:MAP} names it outright. Nothing is loaded.
 *
 * @param btf the object's BTF
 * @param typeId the records' type in it
 */
record RecordType(Btf btf, int typeId) {
    /**
     * The record type that {@code spec} ({@code OBJ} or {@code OBJ:MAP}) gives for the pinned ring
     * buffer called {@code pinnedName}; empty, with {@code note} told why, when the object's ring
     * buffer names no record type.
     *
     * @throws CommandFailure naming the object and the problem: no such map, not a ring buffer
     */
    static Optional<RecordType> of(String spec, String pinnedName, Consumer<String> note) throws IOException {
        int colon = spec.lastIndexOf(':');
        boolean named = !Files.exists(Path.of(spec)) && colon > 0;
        Path file = Path.of(named ? spec.substring(0, colon) : spec);
        String wanted = named ? spec.substring(colon + 1) : pinnedName;
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure(file + ": no such object file (--object takes OBJ or OBJ:MAP)");
        }
        BpfObject object = ObjectFiles.read(file);
        MapDefinition map = object.maps().stream().filter(m -> m.name().equals(wanted)).findFirst().orElseThrow(() ->
                new CommandFailure(file + ": the object has no map '" + wanted + "' (it has "
                        + object.maps().stream().map(MapDefinition::name).toList() + "; name it with --object " + file + ":MAP)"));
        if (!map.type().hasNoValueSize()) {
            throw new CommandFailure(file + ": map '" + wanted + "' is a " + map.type() + " map in the object, not a ring buffer");
        }
        int typeId = map.recordTypeId(object.btf());
        if (typeId == 0) {
            note.accept(file + ": ring buffer '" + wanted + "' does not name its records' type (__type(value, struct event[0])"
                    + " in its map definition); printing their bytes");
            return Optional.empty();
        }
        return Optional.of(new RecordType(object.btf(), typeId));
    }

    /** The records' size in bytes. */
    long size() {
        return btf.sizeOf(typeId);
    }
}
