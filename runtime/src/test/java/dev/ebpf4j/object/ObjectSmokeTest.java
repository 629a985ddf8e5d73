package dev.ebpf4j.object;

import org.junit.jupiter.api.Test;

class ObjectSmokeTest {
    @Test
    void print() {
        BpfObject clang = ObjectReader.read(ObjectFixtures.compiledBytes("full"));
        System.out.println(clang);
        BpfObject pinned = ObjectReader.read(ObjectFixtures.compiledBytes("pinned"));
        System.out.println(pinned);
        BpfObject sample = ObjectFixtures.sample();
        byte[] bytes = ObjectWriter.write(sample);
        System.out.println(ObjectReader.read(bytes));
    }
}
