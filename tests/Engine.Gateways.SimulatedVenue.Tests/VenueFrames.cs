using Engine.Codecs;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Session;

namespace Engine.Gateways.SimulatedVenue.Tests;

/// <summary>One frame the session emitted, copied out (tests only).</summary>
public sealed record VenueFrame(int TemplateId, byte[] Bytes)
{
    public ExecutionReportDecoder Report => ExecutionReportDecoder.WrapWithHeader(Bytes, 0);

    public TradeDecoder Trade => TradeDecoder.WrapWithHeader(Bytes, 0);

    public BestBidOfferDecoder Top => BestBidOfferDecoder.WrapWithHeader(Bytes, 0);
}

/// <summary>Keeps every frame, and the whole stream as bytes for determinism checks (tests only; a class so it survives by-value hand-offs).</summary>
public sealed class VenueFrameLog
{
    public List<VenueFrame> Frames { get; } = [];

    public MemoryStream Stream { get; } = new();

    public IEnumerable<VenueFrame> Reports => Frames.Where(f => f.TemplateId == ExecutionReportDecoder.TemplateId);

    public IEnumerable<VenueFrame> Trades => Frames.Where(f => f.TemplateId == TradeDecoder.TemplateId);

    public IEnumerable<VenueFrame> Tops => Frames.Where(f => f.TemplateId == BestBidOfferDecoder.TemplateId);

    public void Clear() => Frames.Clear();
}

public readonly struct RecordingFrameSink : IFrameSink
{
    public RecordingFrameSink(VenueFrameLog log) => Log = log;

    public VenueFrameLog Log { get; }

    public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
    {
        Log.Frames.Add(new VenueFrame(templateId, sbeMessage.ToArray()));
        Span<byte> type = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(type, templateId);
        Log.Stream.Write(type);
        Log.Stream.Write(sbeMessage);
    }
}

/// <summary>Counts frames and folds their bytes into a checksum, allocating nothing (the allocation test's sink).</summary>
public struct CountingFrameSink : IFrameSink
{
    public long Frames;
    public ulong Checksum;

    public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
    {
        Frames++;
        foreach (byte b in sbeMessage)
        {
            Checksum = (Checksum * 31) + b;
        }
    }
}
