namespace Engine.Benchmarks.Sbe.Json;

/// <summary>The System.Text.Json baseline's L2 level (a plain DTO, serialized by reflection-based JsonSerializer).</summary>
public sealed class JsonL2Level
{
    public long Price { get; set; }

    public long Quantity { get; set; }

    public int Side { get; set; }

    public int Action { get; set; }
}
