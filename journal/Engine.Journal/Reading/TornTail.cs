namespace Engine.Journal.Reading;

/// <summary>A partial or damaged record at the very end of the journal, with no valid record after it.</summary>
public sealed record TornTail(string File, int Offset, long ExpectedSequence, string Reason);
