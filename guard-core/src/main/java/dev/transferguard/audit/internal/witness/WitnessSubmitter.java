package dev.transferguard.audit.internal.witness;

import dev.transferguard.audit.Checkpoint;
import dev.transferguard.audit.CheckpointException;
import dev.transferguard.audit.VerifierKey;
import dev.transferguard.audit.WitnessStatus;
import dev.transferguard.audit.internal.ErrorText;
import dev.transferguard.audit.internal.LogFiles;
import dev.transferguard.audit.internal.merkle.MerkleTree;
import dev.transferguard.audit.internal.note.CheckpointText;
import dev.transferguard.audit.internal.note.Cosignature;
import dev.transferguard.audit.internal.note.SignedNote;
import dev.transferguard.audit.internal.read.LogReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's side of C2SP {@code tlog-witness}: each checkpoint the log signs is handed to one thread per
 * witness, which submits it with a consistency proof from the witness's last size, retries with backoff, and
 * answers a 409 by resubmitting from the size the witness names. The cosignature lines are kept beside the log
 * ({@link CosignedCheckpoints}). Only the newest checkpoint matters: one that arrives while an older one is
 * being retried replaces it. Nothing here blocks or fails the log.
 */
public final class WitnessSubmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WitnessSubmitter.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final int MAX_CONFLICTS = 3;

    /**
     * One witness to ask.
     *
     * @param uri its submission prefix
     * @param key its public key
     */
    public record Target(URI uri, VerifierKey key) {
    }

    private final Path dir;
    private final LeafCache leaves;
    private final List<Worker> workers = new ArrayList<>();

    /**
     * Starts one thread per witness.
     *
     * @param dir            the log directory
     * @param targets        the witnesses
     * @param requestTimeout how long one request may take
     */
    public WitnessSubmitter(Path dir, List<Target> targets, Duration requestTimeout) {
        this.dir = dir;
        this.leaves = new LeafCache(dir);
        for (Target t : targets) {
            Worker w = new Worker(t, new WitnessClient(t.uri(), requestTimeout));
            workers.add(w);
            w.thread.start();
        }
    }

    /**
     * Hands over the log's newest checkpoint; returns at once.
     *
     * @param note the signed note
     */
    public void submit(byte[] note) {
        SignedNote parsed;
        Checkpoint cp;
        try {
            parsed = SignedNote.parse(note);
            cp = CheckpointText.parse(parsed.text());
        } catch (CheckpointException e) {
            LOG.error("a checkpoint of {} cannot be submitted to witnesses: {}", dir, e.getMessage());
            return;
        }
        for (Worker w : workers) {
            w.offer(new Pending(note, parsed, cp));
        }
    }

    /**
     * Waits until every witness has cosigned a checkpoint of at least this size, or the time is up.
     *
     * @param size    the size
     * @param timeout how long to wait at most
     * @return whether all did
     */
    public boolean awaitCosigned(long size, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Worker w : workers) {
            if (!w.awaitCosigned(size, deadline)) {
                return false;
            }
        }
        return true;
    }

    /** @return how each witness fares */
    public List<WitnessStatus> status() {
        List<WitnessStatus> out = new ArrayList<>();
        for (Worker w : workers) {
            out.add(w.status());
        }
        return out;
    }

    /** Stops the threads; a submission under way is abandoned. */
    @Override
    public void close() {
        for (Worker w : workers) {
            w.stop();
        }
    }

    private record Pending(byte[] note, SignedNote parsed, Checkpoint checkpoint) {
    }

    /** One witness's thread and what it knows. */
    private final class Worker {
        private final Target target;
        private final WitnessClient client;
        private final Thread thread;
        private final String label;
        /** Guarded by this. */
        private Pending pending;
        private long cosigned;
        private long latest = -1;
        private String problem;
        private boolean stopping;
        /** The witness's size as last learnt: from its cosignatures kept here, or a 409. */
        private long witnessSize;

        Worker(Target target, WitnessClient client) {
            this.target = target;
            this.client = client;
            this.label = Cosignature.label(target.key());
            this.cosigned = CosignedCheckpoints.latestBy(dir, target.key());
            this.witnessSize = Math.max(0, cosigned);
            this.thread = new Thread(this::run, "audit-witness " + label);
            thread.setDaemon(true);
        }

        synchronized void offer(Pending p) {
            if (pending == null || p.checkpoint().treeSize() >= pending.checkpoint().treeSize()) {
                pending = p;
                latest = Math.max(latest, p.checkpoint().treeSize());
                notifyAll();
            }
        }

        synchronized boolean awaitCosigned(long size, long deadline) {
            while (cosigned < size && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return cosigned >= size;
        }

        synchronized WitnessStatus status() {
            return new WitnessStatus(label, target.uri(), cosigned, latest, problem);
        }

        void stop() {
            synchronized (this) {
                stopping = true;
                notifyAll();
            }
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            long backoff = FIRST_BACKOFF_MILLIS;
            while (true) {
                Pending p;
                synchronized (this) {
                    while (!stopping && (pending == null || pending.checkpoint().treeSize() <= cosigned)) {
                        pending = null;
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            if (stopping) {
                                return;
                            }
                        }
                    }
                    if (stopping) {
                        return;
                    }
                    p = pending;
                }
                String failed = attempt(p);
                synchronized (this) {
                    problem = failed;
                    if (failed == null) {
                        cosigned = Math.max(cosigned, p.checkpoint().treeSize());
                        if (pending == p) {
                            pending = null;
                        }
                        notifyAll();
                        backoff = FIRST_BACKOFF_MILLIS;
                        continue;
                    }
                    LOG.warn("witness {} did not cosign checkpoint {} of {}: {}", label, p.checkpoint().treeSize(),
                            dir, failed);
                    if (pending == p) {
                        // Retried after a while, unless a newer checkpoint comes first.
                        try {
                            wait(backoff);
                        } catch (InterruptedException e) {
                            if (stopping) {
                                return;
                            }
                        }
                        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                    } else {
                        backoff = FIRST_BACKOFF_MILLIS;
                    }
                }
            }
        }

        /** One submission, with its 409 round trips; returns why it failed, or {@code null}. */
        private String attempt(Pending p) {
            long size = p.checkpoint().treeSize();
            for (int conflicts = 0; conflicts <= MAX_CONFLICTS; conflicts++) {
                long old = witnessSize;
                if (old > size) {
                    return "the witness has cosigned size " + old + ", more than this log's " + size
                            + ": a rollback or fork of the log";
                }
                WitnessClient.Answer answer;
                try {
                    List<byte[]> proof = old == 0 || old == size ? List.of() : leaves.proof(old, size);
                    answer = client.post(AddCheckpointRequest.format(old, proof, p.note()));
                } catch (IOException e) {
                    return "cannot reach " + client.endpoint() + ": " + ErrorText.describe(e);
                } catch (InterruptedException e) {
                    return "interrupted";
                }
                if (answer.status() == 409) {
                    long theirs = parseSize(answer.body());
                    if (theirs < 0) {
                        return "409 without a size";
                    }
                    if (theirs == old) {
                        return "the witness holds another checkpoint of size " + old + ": a fork of the log";
                    }
                    witnessSize = theirs;
                    continue;
                }
                if (answer.status() != 200) {
                    return "HTTP " + answer.status() + ": " + firstLine(answer.body());
                }
                return keep(p, answer.body());
            }
            return "the witness's size kept changing";
        }

        private String keep(Pending p, String lines) {
            try {
                SignedNote both = SignedNote.parse((new String(p.note(), StandardCharsets.UTF_8) + lines)
                        .getBytes(StandardCharsets.UTF_8));
                if (Cosignature.verified(both, List.of(target.key()), new ArrayList<>()).isEmpty()) {
                    return "the answer holds no valid cosignature by " + label;
                }
                CosignedCheckpoints.add(dir, p.parsed(), target.key(), Cosignature.linesBy(both, target.key()));
                witnessSize = p.checkpoint().treeSize();
                return null;
            } catch (CheckpointException e) {
                return "the answer is not signature lines: " + e.getMessage();
            } catch (IOException e) {
                return "cannot keep the cosignature: " + ErrorText.describe(e);
            }
        }
    }

    private static long parseSize(String body) {
        String s = body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
        if (!s.matches("0|[1-9][0-9]{0,18}")) {
            return -1;
        }
        return Long.parseLong(s);
    }

    private static String firstLine(String body) {
        int nl = body.indexOf('\n');
        String line = nl < 0 ? body : body.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /**
     * The log's leaf hashes, read from its segments as far as a proof needs them: 32 bytes a record, kept for
     * the next proof, so that each checkpoint costs only the records since the last.
     */
    private static final class LeafCache {
        private final Path dir;
        private MerkleTree tree = new MerkleTree();

        LeafCache(Path dir) {
            this.dir = dir;
        }

        synchronized List<byte[]> proof(long old, long size) throws IOException {
            if (tree.size() < size) {
                extend(size);
            }
            if (tree.size() < size) {
                throw new IOException("the log holds " + tree.size() + " records, fewer than its checkpoint's "
                        + size);
            }
            return tree.consistencyProof(old, size);
        }

        private void extend(long size) throws IOException {
            List<Path> segments = LogFiles.segments(dir);
            int from = 0;
            long first = 0;
            for (int i = 0; i < segments.size(); i++) {
                long start = Long.parseLong(segments.get(i).getFileName().toString()
                        .substring(0, 20));
                if (start <= tree.size()) {
                    from = i;
                    first = start;
                }
            }
            try (LogReader lines = new LogReader(segments.subList(from, segments.size()))) {
                long position = first;
                while (tree.size() < size && lines.next()) {
                    if (position++ < tree.size()) {
                        continue;
                    }
                    if (lines.torn()) {
                        break;
                    }
                    tree.appendData(lines.buffer(), lines.offset(), lines.length());
                }
            }
        }
    }
}
