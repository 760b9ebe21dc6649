using System.Diagnostics;
using Engine.Concurrency.Agents;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Transport;
using Engine.Transport.Ingress;
using Engine.Transport.Liveness;

namespace Engine.Host;

/// <summary>
/// The engine's receiver duty cycle (the inbound ring's only producer): drains the ingress ring buffer, checks each
/// frame with the kernel's <see cref="InputGate"/>, stamps the engine time and copies it into the next inbound ring
/// slot; injects a timer tick every interval; journals the kernel's StateHash checkpoints as they are taken;
/// refreshes the engine's heartbeat in the transport file; and scans the client table for dead gateways. A refused
/// frame is counted and reported, never journaled. In paper mode it also takes the paper venues' execution reports
/// (<see cref="PaperReports"/>) as a gateway's frames, and refuses a gateway's ExecutionReport or VenueAlert naming a
/// paper venue (only the paper venue reports on its orders). Owned by the receiver thread (and the host thread before start).
/// </summary>
public sealed class IngressReceiver : IAgent
{
    private const int FramesPerDutyCycle = 256;
    private static readonly long s_clientTimeoutTicks = Stopwatch.Frequency * 5;

    private readonly TransportFile? _transport;
    private readonly RingBuffer<InputSlot> _ring;
    private readonly Sequencer _sequencer;
    private readonly long _timerInterval;
    private readonly Action<string> _log;
    private readonly CheckpointMailbox? _checkpoints;
    private readonly PaperVenues? _paper;
    private readonly byte[] _scratch = new byte[160];
    private readonly List<DeadClient> _dead = [];
    private long _nextTimer;
    private long _nextLivenessScan;
    private ulong _ticks;

    public IngressReceiver(TransportFile? transport, RingBuffer<InputSlot> ring, Sequencer sequencer, long timerIntervalNanos, Action<string> log, CheckpointMailbox? checkpoints = null, PaperVenues? paper = null)
    {
        _checkpoints = checkpoints;
        _paper = paper;
        _transport = transport;
        _ring = ring;
        _sequencer = sequencer;
        _timerInterval = timerIntervalNanos;
        _log = log;
    }

    public string RoleName => "receiver";

    public long FramesAccepted { get; private set; }

    public long FramesRefused { get; private set; }

    public long DeadClients { get; private set; }

    public void OnStart()
    {
        _nextTimer = MonotonicClock.NowNanos() + _timerInterval;
        _nextLivenessScan = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
    }

    public int DoWork()
    {
        int work = 0;
        if (_transport is not null)
        {
            _transport.EngineHeartbeatTicks = Stopwatch.GetTimestamp();
            var handler = new FrameHandler(this);
            work += _transport.Ingress.Read(ref handler, FramesPerDutyCycle);
            long now = Stopwatch.GetTimestamp();
            if (now >= _nextLivenessScan)
            {
                _nextLivenessScan = now + Stopwatch.Frequency;
                ScanClients(now);
            }
        }

        if (_paper is not null)
        {
            work += TakePaperReports(_paper.Reports);
        }

        long monotonic = MonotonicClock.NowNanos();
        if (monotonic >= _nextTimer)
        {
            _nextTimer = monotonic + _timerInterval;
            PublishTimerTick();
            work++;
        }

        if (_checkpoints is not null && _checkpoints.TryTake(out long sequence, out ulong hash))
        {
            int length = EngineKernel.EncodeCheckpoint(_scratch, sequence, hash, MonotonicClock.WallNanos());
            Publish(Codecs.StateHashCheckpointEncoder.TemplateId, 0, _scratch.AsSpan(0, length));
            work++;
        }

        return work;
    }

    public void OnClose()
    {
    }

    /// <summary>An ingress frame: checked, stamped and copied into the inbound ring.</summary>
    public void OnMessage(int type, ReadOnlySpan<byte> message)
    {
        if (_paper is not null && NamesPaperVenue(type, message, _paper, out ushort venue))
        {
            FramesRefused++;
            _log($"ingress: refused a gateway's frame of type {type} for venue {venue}: the engine trades that venue on paper (mode paper), so only its paper venue reports on its orders");
            return;
        }

        Accept(type, message);
    }

    /// <summary>Publishes an input the engine makes itself (start-up deposits, timer ticks).</summary>
    public void Publish(int templateId, long exchangeTime, ReadOnlySpan<byte> message)
    {
        long sequence = _sequencer.Next();
        ref InputSlot slot = ref _ring[sequence];
        slot.TemplateId = templateId;
        slot.ExchangeTime = exchangeTime;
        slot.EngineTime = MonotonicClock.WallNanos();
        slot.Length = message.Length;
        message.CopyTo(slot.Writable);
        _sequencer.Publish(sequence);
    }

    /// <summary>
    /// A venue's report on an order of a paper venue, a venue alert, or an order-entry gateway's request for its open
    /// orders (VenueOrdersRequest: the paper venue's orders are the engine's, no gateway adopts them), naming a paper venue.
    /// </summary>
    private static bool NamesPaperVenue(int type, ReadOnlySpan<byte> message, PaperVenues paper, out ushort venue)
    {
        venue = 0;
        const int Body = Codecs.MessageHeaderDecoder.EncodedLength;
        if (type is not (Codecs.ExecutionReportDecoder.TemplateId or Codecs.VenueAlertDecoder.TemplateId or Codecs.VenueOrdersRequestDecoder.TemplateId)
            || InputGate.Check(type, message) is not null)
        {
            return false;
        }

        var header = new Codecs.MessageHeaderDecoder(message, 0, Codecs.EngineSchema.Version);
        venue = type switch
        {
            Codecs.ExecutionReportDecoder.TemplateId => new Codecs.ExecutionReportDecoder(message, Body, header.BlockLength, header.Version).VenueId,
            Codecs.VenueAlertDecoder.TemplateId => new Codecs.VenueAlertDecoder(message, Body, header.BlockLength, header.Version).VenueId,
            _ => new Codecs.VenueOrdersRequestDecoder(message, Body, header.BlockLength, header.Version).VenueId,
        };
        return paper.IsPaper(venue);
    }

    /// <summary>The paper venues' reports so far, each as a venue gateway's frame.</summary>
    private int TakePaperReports(PaperReports reports)
    {
        int taken = 0;
        while (taken < FramesPerDutyCycle && reports.TryTake(out int type, out byte[] message))
        {
            Accept(type, message);
            taken++;
        }

        return taken;
    }

    private void Accept(int type, ReadOnlySpan<byte> message)
    {
        string? problem = InputGate.Check(type, message);
        if (problem is not null)
        {
            FramesRefused++;
            _log($"ingress: refused a frame of type {type} ({message.Length} bytes): {problem}");
            return;
        }

        long exchangeTime = InputFrames.ExchangeTime(type, message);
        Publish(type, exchangeTime, message);
        FramesAccepted++;
    }

    private void PublishTimerTick()
    {
        var tick = Codecs.TimerTickEncoder.WrapAndApplyHeader(_scratch, 0);
        tick.Time = MonotonicClock.WallNanos();
        tick.TickSequence = ++_ticks;
        Publish(Codecs.TimerTickEncoder.TemplateId, 0, _scratch.AsSpan(0, Codecs.EngineSchema.HeaderLength + tick.EncodedLength));
    }

    private void ScanClients(long nowTicks)
    {
        _dead.Clear();
        _transport!.Clients.ScanForDead(nowTicks, s_clientTimeoutTicks, _dead);
        foreach (DeadClient client in _dead)
        {
            DeadClients++;
            if (_paper is not null && _paper.IsPaperGateway(client.Name))
            {
                // Its orders live in the engine's paper venue, not in its session: nothing to cancel or doubt.
                _log($"ingress: gateway client {client.Name} (id {client.ClientId}, pid {client.Pid}) is dead: {client.Cause}; its venue is traded on paper, so its orders stay open (its market data stops until it is restarted)");
                continue;
            }

            _log($"ingress: gateway client {client.Name} (id {client.ClientId}, pid {client.Pid}) is dead: {client.Cause}; journaling it");

            // Journaled like any input, so the BLP's cancel-on-disconnect replays identically.
            var disconnected = Codecs.ClientDisconnectedEncoder.WrapAndApplyHeader(_scratch, 0);
            disconnected.ClientId = (ulong)client.ClientId;
            disconnected.DetectedTime = MonotonicClock.WallNanos();
            disconnected.Pid = client.Pid;
            disconnected.Cause = client.Cause == DeathCause.ProcessGone ? Codecs.DisconnectCause.ProcessGone : Codecs.DisconnectCause.HeartbeatStale;
            disconnected.SetName(client.Name.Length <= 64 ? client.Name : client.Name[..64]);
            Publish(Codecs.ClientDisconnectedEncoder.TemplateId, 0, _scratch.AsSpan(0, Codecs.EngineSchema.HeaderLength + disconnected.EncodedLength));
        }
    }

    /// <summary>The ingress reader's callback (a struct, so the generic read is specialised and nothing is boxed).</summary>
    private readonly struct FrameHandler(IngressReceiver receiver) : IMessageHandler
    {
        public void OnMessage(int type, ReadOnlySpan<byte> message) => receiver.OnMessage(type, message);
    }
}
