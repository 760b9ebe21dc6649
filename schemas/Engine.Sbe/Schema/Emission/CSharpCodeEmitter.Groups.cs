using System.Globalization;

namespace Engine.Sbe.Schema.Emission;

/// <summary>Repeating groups (nested too): the dimension header, entries over the shared limit, versioned block lengths.</summary>
public sealed partial class CSharpCodeEmitter
{
    private void EmitGroup(CodeWriter w, GroupDefinition group, bool encoder)
    {
        string name = encoder ? EncoderName(group.Name) : DecoderName(group.Name);
        string span = encoder ? "global::System.Span<byte>" : "global::System.ReadOnlySpan<byte>";
        int headerLength = group.Dimension.EncodedLength;
        string blPrim = PrimitiveTypes.CSharpName(group.BlockLengthPrimitive);
        string numPrim = PrimitiveTypes.CSharpName(group.NumInGroupPrimitive);

        // A flat group (fixed-size entries: no nested group, no var data) knows where it ends as soon as its count is
        // known: the parent's limit moves past the whole group at once, and moving to the next entry is an add. A group
        // with variable-size entries moves the parent's limit entry by entry, through a ref to it.
        bool flat = group.Groups.Count == 0 && group.VarData.Count == 0;
        Summary(w, (encoder ? "Writes" : "Reads") + " the entries of repeating group " + group.Name + ".");
        w.Open("public ref struct " + name);
        w.Line("public const int BlockLength = " + Inv(group.BlockLength) + ";");
        w.Line("public const int HeaderLength = " + Inv(headerLength) + ";");
        w.Line("public const int SinceVersion = " + Inv(group.SinceVersion) + ";");
        w.Line("public const long MaxCount = " + group.MaxCount.ToString(CultureInfo.InvariantCulture) + "L;");
        w.Line("private readonly " + span + " _buffer;");
        if (!flat)
        {
            w.Line("private ref int _limit;");
        }

        w.Line("private readonly int _count;");
        if (!encoder)
        {
            // An encoder writes entries of its own schema's BlockLength; a decoder's come from the buffer.
            w.Line("private readonly int _blockLength;");
            w.Line("private readonly int _actingVersion;");
        }

        w.Line("private int _index;");
        w.Line("private int _offset;");
        if (flat)
        {
            // Fields read and write the entry's own span: one bounds check per entry, and the JIT knows each field's
            // offset against the span's length.
            w.Line("private " + span + " _entry;");
        }

        w.Line();
        if (encoder)
        {
            w.Open("internal " + name + "(" + span + " buffer, ref int limit, int count)");
            w.Open("if (count < 0 || count > MaxCount)");
            w.Line(_schemaClass + ".ThrowInvalid(\"SBE group " + group.Name + " count \" + count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is outside 0..\" + MaxCount.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
            w.Close();
            w.Line();
            w.Line("int at = limit;");
            if (flat)
            {
                w.Line("long end = (long)at + HeaderLength + ((long)count * BlockLength);");
                w.Open("if (end > buffer.Length)");
                w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " of \" + count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" entries\", end, buffer.Length);");
                w.Close();
            }
            else
            {
                w.Open("if ((long)at + HeaderLength > buffer.Length)");
                w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " header\", (long)at + HeaderLength, buffer.Length);");
                w.Close();
            }

            w.Line();
            w.Line(WriteStatement("buffer", "at + " + Inv(group.BlockLengthMember.Offset), group.BlockLengthPrimitive, "(" + blPrim + ")BlockLength"));
            w.Line(WriteStatement("buffer", "at + " + Inv(group.NumInGroupMember.Offset), group.NumInGroupPrimitive, "(" + numPrim + ")count"));
            w.Line("_buffer = buffer;");
            if (flat)
            {
                w.Line("limit = (int)end;");
                w.Line("_offset = at + HeaderLength - BlockLength;");
            }
            else
            {
                w.Line("_limit = ref limit;");
                w.Line("_limit = at + HeaderLength;");
                w.Line("_offset = 0;");
            }

            w.Line("_count = count;");
            w.Line("_index = 0;");
            w.Close();
        }
        else
        {
            w.Open("internal " + name + "(" + span + " buffer, ref int limit, int actingVersion)");
            w.Line("_buffer = buffer;");
            if (!flat)
            {
                w.Line("_limit = ref limit;");
            }

            w.Line("_actingVersion = actingVersion;");
            w.Line("_index = 0;");
            w.Line("_offset = 0;");
            w.Open("if (actingVersion < SinceVersion)");
            w.Line("_count = 0;");
            w.Line("_blockLength = 0;");
            w.Line("return;");
            w.Close();
            w.Line();
            w.Line("int at = limit;");
            w.Open("if (at < 0 || (long)at + HeaderLength > buffer.Length)");
            w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " header\", (long)at + HeaderLength, buffer.Length);");
            w.Close();
            w.Line();
            w.Line("_blockLength = (int)" + ReadExpression("buffer", "at + " + Inv(group.BlockLengthMember.Offset), group.BlockLengthPrimitive) + ";");
            w.Line("_count = (int)" + ReadExpression("buffer", "at + " + Inv(group.NumInGroupMember.Offset), group.NumInGroupPrimitive) + ";");
            w.Open("if ((long)at + HeaderLength + ((long)_count * _blockLength) > buffer.Length)");
            w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " of \" + _count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" entries\", (long)at + HeaderLength + ((long)_count * _blockLength), buffer.Length);");
            w.Close();
            w.Line();
            if (flat)
            {
                // Entries must hold every field the acting version has: a shorter block length is a malformed
                // message, refused here rather than read as the next entry's bytes.
                w.Open("if (_blockLength < RequiredBlockLength(actingVersion))");
                w.Line(_schemaClass + ".ThrowInvalid(\"SBE group " + group.Name + " block length \" + _blockLength.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is shorter than its fields in version \" + actingVersion.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
                w.Close();
                w.Line();
                w.Line("limit = at + HeaderLength + (_count * _blockLength);");
                w.Line("_offset = at + HeaderLength - _blockLength;");
            }
            else
            {
                w.Line("_limit = at + HeaderLength;");
            }

            w.Close();
        }

        w.Line();
        w.Line("public readonly int Count => _count;");
        w.Line();
        w.Line("/// <summary>The entry being " + (encoder ? "written" : "read") + " (0-based), or -1 before the first.</summary>");
        w.Line("public readonly int Index => _index - 1;");
        w.Line();
        if (encoder)
        {
            // Small enough to inline into the caller's loop (the throw helpers format their messages out of line).
            w.Line("/// <summary>Moves to the next entry; throws when more entries are written than the count announced.</summary>");
            w.Line(AggressiveInlining);
            w.Open("public void Next()");
            w.Open("if (_index >= _count)");
            w.Line(_schemaClass + ".ThrowGroupFull(\"" + group.Name + "\", _count);");
            w.Close();
            w.Line();
        }
        else
        {
            w.Line("/// <summary>Moves to the next entry; false after the last one.</summary>");
            w.Line(AggressiveInlining);
            w.Open("public bool MoveNext()");
            w.Open("if (_index >= _count)");
            w.Line("return false;");
            w.Close();
            w.Line();
        }

        string blockLength = encoder ? "BlockLength" : "_blockLength";
        if (flat)
        {
            // The constructor checked that every entry fits the buffer.
            w.Line("_offset += " + blockLength + ";");
            w.Line("_entry = _buffer.Slice(_offset, " + blockLength + ");");
        }
        else
        {
            w.Line("int at = _limit;");
            w.Open("if ((long)at + " + blockLength + " > _buffer.Length)");
            w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " entry\", (long)at + " + blockLength + ", _buffer.Length);");
            w.Close();
            w.Line();
            w.Line("_offset = at;");
            w.Line("_limit = at + " + blockLength + ";");
        }

        w.Line("_index++;");
        if (!encoder)
        {
            w.Line("return true;");
        }

        w.Close();
        if (flat && !encoder)
        {
            EmitRequiredBlockLength(w, group);
        }

        (string savedBuffer, string savedBase) = (_fieldBuffer, _fieldBase);
        if (flat)
        {
            (_fieldBuffer, _fieldBase) = ("_entry", string.Empty);
        }

        EmitBlockMembers(w, group, encoder, "_actingVersion", "ref _limit", isGroup: true);
        (_fieldBuffer, _fieldBase) = (savedBuffer, savedBase);
        w.Close();
    }

    /// <summary>The bytes an entry needs for the fields a given acting version has: the end of the last of them.</summary>
    private static void EmitRequiredBlockLength(CodeWriter w, GroupDefinition group)
    {
        var ends = new SortedDictionary<int, int>();
        foreach (FieldDefinition field in group.Fields)
        {
            if (!field.IsConstant)
            {
                int end = field.Offset + field.EncodedLength;
                ends[field.SinceVersion] = Math.Max(ends.TryGetValue(field.SinceVersion, out int known) ? known : 0, end);
            }
        }

        // Walk versions upwards: a version needs what every earlier one needs, and its own fields.
        var steps = new List<(int Version, int Length)>();
        int required = 0;
        foreach (KeyValuePair<int, int> versionEnd in ends)
        {
            required = Math.Max(required, versionEnd.Value);
            steps.Add((versionEnd.Key, required));
        }

        w.Line();
        w.Line("private static int RequiredBlockLength(int actingVersion) =>");
        string expression = "0";
        foreach ((int version, int length) in steps)
        {
            expression = "actingVersion >= " + Inv(version) + " ? " + Inv(length) + " : " + (expression == "0" ? "0" : "(" + expression + ")");
        }

        w.Line("    " + expression + ";");
    }
}
