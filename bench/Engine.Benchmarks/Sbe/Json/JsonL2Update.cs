namespace Engine.Benchmarks.Sbe.Json;

/// <summary>The System.Text.Json baseline's L2 update DTO.</summary>
public sealed class JsonL2Update
{
    public long VenueTime { get; set; }

    public long ReceiveTime { get; set; }

    public ulong VenueSequence { get; set; }

    public uint InstrumentId { get; set; }

    public uint VenueId { get; set; }

    public List<JsonL2Level> Levels { get; set; } = [];
}
