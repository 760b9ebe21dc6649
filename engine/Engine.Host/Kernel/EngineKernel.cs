using Engine.Core;
using Engine.Journal.Reading;
using Engine.Journal.Snapshots;
using Engine.Journal.Writing;
using Engine.Primitives;

namespace Engine.Host;

/// <summary>
/// The one place where inputs are checked, journaled and applied, whichever edges feed it (as NautilusTrader's kernel:
/// live, backtest and replay differ only in what is plugged in):
/// <code>
///   input source ──► Check (InputGate) ──► journal (append, commit) ──► Apply ──► BLP ──► outputs ──► venue edges
///   ingress transport     refused frames         live: ring stage 1           snapshots on request,
///   simulation (dataset,  are counted and        simulation: Submit           StateHash checkpoints
///     generated market)   never journaled        replay: already journaled
///   journal (replay)
/// </code>
/// The live host runs Check in its receiver, the journal in the ring's first stage and <see cref="Apply"/> in the
/// second (<see cref="EnginePipeline"/>); a simulation calls <see cref="Submit"/>, which does all three in order on
/// its one thread; recovery, replay and the auditors' replay call <see cref="Replay"/>. Every input of every mode
/// passes through <see cref="Apply"/>.
/// <para>
/// StateHash checkpoints: after every <see cref="KernelOptions.CheckpointInterval"/>-th input (and after every snapshot
/// request) Apply records the state hash; the input source journals it as a StateHashCheckpoint input (live: the
/// receiver, through <see cref="Checkpoints"/>; a simulation: at once). Applying a checkpoint input compares it with
/// the hash recorded at that sequence: a replay that does not reproduce the run stops there, naming the sequence.
/// </para>
/// Owned by the thread that applies inputs (the BLP thread); <see cref="Checkpoints"/> is read by the receiver.
/// </summary>
public sealed class EngineKernel : IDisposable
{
    private readonly CoreSettings _settings;
    private readonly IEngineOutput _output;
    private readonly KernelOptions _options;
    private readonly StateHashCheckpoints _recorded = new();
    private readonly byte[] _scratch = new byte[128];
    private JournalWriter? _journal;
    private long _lastSequence;

    // While recovering or replaying a journal: its snapshot requests were served when they were first applied.
    private bool _replaying;

    public EngineKernel(CoreSettings settings, IEngineOutput output, KernelOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        _settings = settings;
        _output = output;
        _options = options;
        Processor = new BusinessLogicProcessor(settings, output);
    }

    /// <summary>The BLP: a fresh one until <see cref="Recover"/> or <see cref="Replay"/> rebuilt it.</summary>
    public BusinessLogicProcessor Processor { get; private set; }

    public KernelOptions Options => _options;

    /// <summary>The newest checkpoint for the live receiver to journal (one writer: this kernel; one reader).</summary>
    public CheckpointMailbox Checkpoints { get; } = new();

    /// <summary>Checkpoint inputs this kernel found its own state to match (not state: a replay from a snapshot sees fewer).</summary>
    public long CheckpointsVerified => _recorded.Verified;

    /// <summary>Checkpoint inputs naming a sequence this kernel did not record (replayed from a later snapshot).</summary>
    public long CheckpointsUnverifiable => _recorded.Unverifiable;

    /// <summary>Frames <see cref="Submit"/> refused (a simulation's frames pass the same gate as a gateway's).</summary>
    public long FramesRefused { get; private set; }

    /// <summary>The journal sequence of the last input applied.</summary>
    public long LastSequence => _lastSequence;

    /// <summary>
    /// Applies one journaled input: the BLP processes it; after a SnapshotRequest a snapshot of exactly this state is
    /// written; a StateHashCheckpoint is verified; a checkpoint is recorded when one is due.
    /// </summary>
    public void Apply(long sequence, long engineTime, ReadOnlySpan<byte> message)
    {
        Processor.Process(sequence, engineTime, message);
        _lastSequence = sequence;
        int templateId = message.Length >= Codecs.EngineSchema.HeaderLength ? new Codecs.MessageHeaderDecoder(message, 0, Codecs.EngineSchema.Version).TemplateId : -1;
        bool snapshot = templateId == Codecs.SnapshotRequestDecoder.TemplateId;
        if (templateId == Codecs.StateHashCheckpointDecoder.TemplateId)
        {
            Verify(message);
        }

        if (snapshot && _options.JournalDirectory is not null && !_replaying)
        {
            WriteSnapshot();
        }

        if (snapshot || (_options.CheckpointInterval > 0 && sequence % _options.CheckpointInterval == 0))
        {
            ulong hash = Processor.StateHash();
            _recorded.Record(sequence, hash);
            if (!_replaying)
            {
                // A replay verifies the journal's checkpoints; only a run that journals new inputs journals new ones.
                Checkpoints.Post(sequence, hash);
            }
        }
    }

    /// <summary>
    /// A simulation's input (backtest, generated market, dataset): checked as a gateway's frame would be, journaled,
    /// applied, all on the caller's thread. Returns false (counted) for a frame the gate refuses. Needs
    /// <see cref="JournalTo"/> first.
    /// </summary>
    public bool Submit(int templateId, long engineTime, ReadOnlySpan<byte> message)
    {
        if (InputGate.Check(templateId, message) is { } problem)
        {
            FramesRefused++;
            _options.Log($"kernel: refused a frame of type {templateId} ({message.Length} bytes): {problem}");
            return false;
        }

        SubmitChecked(templateId, engineTime, message);
        return true;
    }

    /// <summary>An input the engine makes itself (timer ticks, start-up deposits): journaled and applied like any other.</summary>
    public void SubmitOwn(int templateId, long engineTime, ReadOnlySpan<byte> message) => SubmitChecked(templateId, engineTime, message);

    /// <summary>Journals the inputs of <see cref="Submit"/> with this writer (committed every <see cref="KernelOptions.CommitEvery"/> inputs and on <see cref="Commit"/>).</summary>
    public void JournalTo(JournalWriter journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        _journal = journal;
        _lastSequence = Math.Max(_lastSequence, journal.NextSequence - 1);
    }

    /// <summary>Makes every input submitted so far durable under the journal's policy.</summary>
    public void Commit() => _journal?.Commit();

    /// <summary>
    /// Rebuilds the BLP from the journal: from the newest snapshot whose restored state has the StateHash it recorded,
    /// plus the records after it; without a usable snapshot, from the whole journal. Outputs go wherever the kernel's
    /// output sends them (a live host mutes its publisher meanwhile). Returns (inputs replayed, snapshot sequence).
    /// </summary>
    public (long Recovered, long SnapshotSequence) Recover(string journalDirectory, long lastSequence)
    {
        if (lastSequence <= 0)
        {
            return (0, 0);
        }

        var skipped = new List<string>();
        SnapshotFile? snapshot = SnapshotStore.TryLoadNewest(journalDirectory, lastSequence, skipped);
        foreach (string reason in skipped)
        {
            _options.Log("snapshot skipped: " + reason);
        }

        if (snapshot is not null)
        {
            try
            {
                Processor.RestoreSnapshot(new MemoryStream(snapshot.Payload));
                if (Processor.StateHash() == snapshot.StateHash)
                {
                    _lastSequence = snapshot.Sequence;
                    long tail = ReplayDirectory(journalDirectory, snapshot.Sequence + 1, out _);
                    _options.Log($"recovered from the snapshot at input {snapshot.Sequence} and {tail:N0} journaled inputs after it");
                    return (snapshot.Sequence + tail, snapshot.Sequence);
                }

                _options.Log($"snapshot skipped: {snapshot.Path}: restored state hash differs from the recorded one (another build or configuration)");
            }
            catch (Exception e) when (e is SnapshotFormatException or EndOfStreamException or InvalidOperationException)
            {
                _options.Log($"snapshot skipped: {snapshot.Path}: {e.Message}");
            }

            Processor = new BusinessLogicProcessor(_settings, _output);
        }

        return (ReplayDirectory(journalDirectory, 1, out _), 0);
    }

    /// <summary>Applies every record of <paramref name="reader"/> from where it stands (writing no snapshot); returns how many.</summary>
    public long Replay(JournalReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long records = 0;
        _replaying = true;
        try
        {
            while (reader.TryRead(out JournalRecord record))
            {
                Apply(record.Sequence, record.EngineTime, record.Payload);
                records++;
            }
        }
        finally
        {
            _replaying = false;
        }

        return records;
    }

    /// <summary>Applies the records of a journal directory from sequence <paramref name="first"/> on; returns how many, and a torn tail it ended at.</summary>
    public long ReplayDirectory(string journalDirectory, long first, out TornTail? tornTail)
    {
        using JournalReader reader = JournalReader.Open(journalDirectory);
        tornTail = null;
        if (first > 1 && !reader.Seek(first))
        {
            return 0;
        }

        long records = Replay(reader);
        tornTail = reader.TornTail;
        return records;
    }

    /// <summary>Writes a snapshot of the state now (between inputs; on the thread that applies them).</summary>
    public void WriteSnapshot()
    {
        if (_options.JournalDirectory is null)
        {
            throw new InvalidOperationException("this kernel has no journal directory to keep snapshots in");
        }

        using var payload = new MemoryStream();
        Processor.WriteSnapshot(payload);
        string path = SnapshotStore.Write(_options.JournalDirectory, Processor.Sequence, Processor.StateHash(), payload.GetBuffer().AsSpan(0, (int)payload.Length));
        _options.Log($"snapshot at input {Processor.Sequence}: {path}");
    }

    /// <summary>Encodes a StateHashCheckpoint input for the state after <paramref name="sequence"/> into <paramref name="buffer"/>; returns its length.</summary>
    public static int EncodeCheckpoint(Span<byte> buffer, long sequence, ulong hash, long time)
    {
        var checkpoint = Codecs.StateHashCheckpointEncoder.WrapAndApplyHeader(buffer, 0);
        checkpoint.JournalSequence = (ulong)sequence;
        checkpoint.Time = time;
        checkpoint.SetStateHash(0, hash);
        for (int i = 1; i < Codecs.StateHashCheckpointEncoder.StateHashLength; i++)
        {
            checkpoint.SetStateHash(i, 0);
        }

        return Codecs.EngineSchema.HeaderLength + checkpoint.EncodedLength;
    }

    public void Dispose() => _journal = null;

    private void SubmitChecked(int templateId, long engineTime, ReadOnlySpan<byte> message)
    {
        JournalWriter journal = _journal ?? throw new InvalidOperationException("Submit journals its inputs: call JournalTo first");
        long sequence = _lastSequence + 1;
        journal.Append(sequence, templateId, InputFrames.ExchangeTime(templateId, message), engineTime, message);
        if (_options.CommitEvery > 0 && sequence % _options.CommitEvery == 0)
        {
            journal.Commit();
        }

        Apply(sequence, engineTime, message);

        // One thread journals and applies here, so a checkpoint due after this input follows it at once.
        if (Checkpoints.TryTake(out long checkpointed, out ulong hash))
        {
            int length = EncodeCheckpoint(_scratch, checkpointed, hash, engineTime);
            SubmitChecked(Codecs.StateHashCheckpointEncoder.TemplateId, engineTime, _scratch.AsSpan(0, length));
        }
    }

    private void Verify(ReadOnlySpan<byte> message)
    {
        var checkpoint = Codecs.StateHashCheckpointDecoder.WrapWithHeader(message, 0);
        long sequence = (long)Math.Min(checkpoint.JournalSequence, long.MaxValue);
        ulong expected = checkpoint.StateHash(0);
        if (_recorded.Check(sequence, expected, out ulong actual) == false)
        {
            throw new StateDivergedException(sequence, expected, actual);
        }
    }
}
