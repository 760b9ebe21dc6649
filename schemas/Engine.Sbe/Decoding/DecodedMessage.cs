namespace Engine.Sbe.Decoding;

/// <summary>One message rendered as JSON, and how many bytes (header included) it occupied.</summary>
public sealed class DecodedMessage
{
    public DecodedMessage(string json, int length, string name)
    {
        Json = json;
        Length = length;
        Name = name;
    }

    public string Json { get; }

    /// <summary>Bytes from the start of the header to the end of the last group entry or var data.</summary>
    public int Length { get; }

    public string Name { get; }
}
