package dev.transferguard.audit.internal.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of the transparency-dev RFC 6962 test vectors, valid and invalid, through
 * {@link MerkleProofs}, and checks that {@link MerkleTree} builds the same roots and proofs for the
 * reference tree.
 */
class Rfc6962TestVectorsTest {

    /** The reference tree's leaves, as the vectors' README lists them. */
    private static final List<String> REFERENCE_LEAVES = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");

    private static final JsonFactory JSON = new JsonFactory();

    @TestFactory
    Stream<DynamicTest> inclusionCases() throws IOException {
        MerkleTree reference = referenceTree();
        return cases("inclusion").map(file -> DynamicTest.dynamicTest(name(file), () -> {
            Map<String, Object> c = read(file);
            long index = (Long) c.get("leafIdx");
            long size = (Long) c.get("treeSize");
            byte[] leaf = (byte[]) c.get("leafHash");
            byte[] root = (byte[]) c.get("root");
            List<byte[]> proof = proof(c);
            if ((Boolean) c.get("wantErr")) {
                assertThrows(InvalidProofException.class,
                        () -> MerkleProofs.verifyInclusion(index, size, leaf, proof, root));
                assertFalse(MerkleProofs.isValidInclusion(index, size, leaf, proof, root));
            } else {
                MerkleProofs.verifyInclusion(index, size, leaf, proof, root);
                if (size <= reference.size() && java.util.Arrays.equals(root, reference.root(size))) {
                    assertProofEquals(proof, reference.inclusionProof(index, size));
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> consistencyCases() throws IOException {
        MerkleTree reference = referenceTree();
        return cases("consistency").map(file -> DynamicTest.dynamicTest(name(file), () -> {
            Map<String, Object> c = read(file);
            long size1 = (Long) c.get("size1");
            long size2 = (Long) c.get("size2");
            byte[] root1 = (byte[]) c.get("root1");
            byte[] root2 = (byte[]) c.get("root2");
            List<byte[]> proof = proof(c);
            if ((Boolean) c.get("wantErr")) {
                assertThrows(InvalidProofException.class,
                        () -> MerkleProofs.verifyConsistency(size1, size2, root1, root2, proof));
                assertFalse(MerkleProofs.isValidConsistency(size1, size2, root1, root2, proof));
            } else {
                MerkleProofs.verifyConsistency(size1, size2, root1, root2, proof);
                if (size1 >= 1 && size2 <= reference.size()
                        && java.util.Arrays.equals(root2, reference.root(size2))) {
                    assertProofEquals(proof, reference.consistencyProof(size1, size2));
                }
            }
        }));
    }

    @Test
    void referenceRootsMatchTheReadmeTable() throws IOException {
        Path readme = TestVectorFolder.rfc6962().resolve("README.md");
        Matcher row = Pattern.compile("(?m)^\\|\\s*(\\d+)\\s*\\|\\s*([0-9a-f]{64})\\s*\\|\\s*$")
                .matcher(Files.readString(readme, StandardCharsets.UTF_8));
        Map<Long, byte[]> table = new HashMap<>();
        while (row.find()) {
            table.put(Long.parseLong(row.group(1)), HexFormat.of().parseHex(row.group(2)));
        }
        assertEquals(REFERENCE_LEAVES.size() + 1, table.size(), "rows in the README's root table");

        MerkleTree full = referenceTree();
        MerkleTree growing = new MerkleTree();
        for (long size = 0; size <= REFERENCE_LEAVES.size(); size++) {
            if (size > 0) {
                growing.appendData(HexFormat.of().parseHex(REFERENCE_LEAVES.get((int) size - 1)));
            }
            assertArrayEquals(table.get(size), growing.root(), "incremental root at size " + size);
            assertArrayEquals(table.get(size), full.root(size), "earlier root at size " + size);
        }
    }

    private static MerkleTree referenceTree() {
        MerkleTree tree = new MerkleTree();
        REFERENCE_LEAVES.forEach(hex -> tree.appendData(HexFormat.of().parseHex(hex)));
        return tree;
    }

    private static Stream<Path> cases(String kind) throws IOException {
        Path dir = TestVectorFolder.rfc6962().resolve(kind);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() > 10, "too few " + kind + " cases in " + dir);
        return files.stream();
    }

    private static String name(Path file) {
        Path kindDir = file.getParent();
        while (!kindDir.getFileName().toString().matches("inclusion|consistency")) {
            kindDir = kindDir.getParent();
        }
        return kindDir.relativize(file).toString();
    }

    @SuppressWarnings("unchecked")
    private static List<byte[]> proof(Map<String, Object> c) {
        return (List<byte[]>) c.get("proof");
    }

    /**
     * Reads one flat case: numbers become {@code long} (an unsigned 64-bit value keeps its bits, so
     * 2^64-1 becomes -1), strings are base64 except "desc", arrays are base64 strings.
     */
    private static Map<String, Object> read(Path file) throws IOException {
        Map<String, Object> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + ": not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                out.put(field, switch (value) {
                    case VALUE_NUMBER_INT -> p.getBigIntegerValue().longValue();
                    case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
                    case VALUE_NULL -> null;
                    case VALUE_STRING -> field.equals("desc") ? p.getText() : Base64.getDecoder().decode(p.getText());
                    case START_ARRAY -> {
                        List<byte[]> hashes = new ArrayList<>();
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            hashes.add(Base64.getDecoder().decode(p.getText()));
                        }
                        yield hashes;
                    }
                    default -> throw new IOException(file + ": unexpected " + value + " for " + field);
                });
            }
        }
        return out;
    }

    private static void assertProofEquals(List<byte[]> expected, List<byte[]> actual) {
        List<byte[]> want = expected == null ? List.of() : expected;
        assertEquals(want.size(), actual.size(), "proof length");
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), actual.get(i), "proof hash " + i);
        }
    }
}
