namespace Engine.Sbe.Schema;

/// <summary>The primitive types of FIX SBE 1.0 (spec section 2.2), as they appear in <c>primitiveType</c>.</summary>
public enum PrimitiveType
{
    Char,
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Float,
    Double,
}
