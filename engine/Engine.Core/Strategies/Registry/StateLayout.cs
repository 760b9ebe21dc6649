using System.Reflection;
using System.Runtime.CompilerServices;

namespace Engine.Core;

/// <summary>
/// Checks a strategy's declared state type once, when it is registered: a struct of integers (and structs of
/// integers) with no padding between or after its fields, and no floating point. Its bytes are then the whole
/// state: hashing and snapshotting them covers every field, and no byte of them is undefined.
/// </summary>
internal static class StateLayout
{
    private static readonly MethodInfo s_sizeOf = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!;

    /// <summary>Null when <paramref name="type"/> is a valid state; else what is wrong with it.</summary>
    public static string? Problem(Type type)
    {
        if (!type.IsValueType || type.IsPrimitive || type.IsEnum)
        {
            return $"{type.Name} is not a struct";
        }

        long leaves = LeafBytes(type, out string? problem);
        if (problem is not null)
        {
            return problem;
        }

        int size = SizeOf(type);
        return leaves == size
            ? null
            : $"{type.Name} has {size - leaves} bytes of padding ({leaves} bytes of fields in {size}): order its fields from the widest to the narrowest, or widen the narrow ones";
    }

    private static long LeafBytes(Type type, out string? problem)
    {
        problem = null;
        long total = 0;
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Type fieldType = field.FieldType.IsEnum ? Enum.GetUnderlyingType(field.FieldType) : field.FieldType;
            if (fieldType == typeof(float) || fieldType == typeof(double) || fieldType == typeof(decimal))
            {
                problem = $"{type.Name}.{field.Name} is floating point: strategy state is integers (fixed point), so every machine replays it alike";
                return 0;
            }

            if (fieldType.IsPrimitive)
            {
                total += SizeOf(fieldType);
                continue;
            }

            if (!fieldType.IsValueType)
            {
                problem = $"{type.Name}.{field.Name} is a reference: strategy state is plain values";
                return 0;
            }

            long nested = LeafBytes(fieldType, out problem);
            if (problem is not null)
            {
                return 0;
            }

            if (nested != SizeOf(fieldType))
            {
                problem = $"{type.Name}.{field.Name} ({fieldType.Name}) has padding";
                return 0;
            }

            total += nested;
        }

        return total;
    }

    private static int SizeOf(Type type) => (int)s_sizeOf.MakeGenericMethod(type).Invoke(null, null)!;
}
