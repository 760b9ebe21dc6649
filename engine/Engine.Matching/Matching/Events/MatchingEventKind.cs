namespace Engine.Matching;

/// <summary>Which of the matching engine's callbacks a <see cref="MatchingEvent"/> records.</summary>
public enum MatchingEventKind : byte
{
    Accepted = 0,
    Rejected = 1,
    Trade = 2,
    Rested = 3,
    Canceled = 4,
    Amended = 5,
}
