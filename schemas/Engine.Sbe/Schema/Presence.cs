namespace Engine.Sbe.Schema;

/// <summary>Whether a field must carry a value, may carry its null value, or is a constant that is not on the wire.</summary>
public enum Presence
{
    Required,
    Optional,
    Constant,
}
