namespace Engine.Primitives;

/// <summary>Why a decimal string did not parse; <see cref="FixedPointMath.Describe"/> turns it into words.</summary>
public enum FixedPointParseStatus
{
    Ok = 0,
    Empty,
    NoDigits,
    InvalidCharacter,
    TooManyDecimals,
    Overflow,
    ScaleOutOfRange,
}
