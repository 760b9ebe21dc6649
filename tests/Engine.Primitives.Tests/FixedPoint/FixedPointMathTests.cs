using Engine.Primitives;

namespace Engine.Primitives.Tests;

[TestFixture]
public sealed class FixedPointMathTests
{
    [TestCase("61737.63000000", 2, 6_173_763L)]
    [TestCase("61737.63", 8, 6_173_763_000_000L)]
    [TestCase("0.00000001", 8, 1L)]
    [TestCase("-0.5", 1, -5L)]
    [TestCase("+12", 3, 12_000L)]
    [TestCase("12.", 0, 12L)]
    [TestCase(".5", 1, 5L)]
    [TestCase("0", 18, 0L)]
    [TestCase("9223372036854775807", 0, long.MaxValue)]
    [TestCase("-9223372036854775808", 0, long.MinValue)]
    [TestCase("9.223372036854775807", 18, long.MaxValue)]
    public void Parse_VenueDecimal_IsExact(string text, int scale, long expected)
    {
        Assert.That(FixedPointMath.Parse(text, scale), Is.EqualTo(expected));
    }

    [TestCase("999999999999999999", 0)]
    [TestCase("0000000000000000001", 0)]
    [TestCase("-999999999999999999.9", 1)]
    [TestCase("12.3400", 2)]
    [TestCase("12.3401", 2)]
    [TestCase("61737.63000000", 8)]
    [TestCase("1e-8", 8)]
    [TestCase("-9223372036854775808", 0)]
    [TestCase("922337203685477580.8", 1)]
    [TestCase("92233720368547758.08", 2)]
    [TestCase("1.", 3)]
    [TestCase("+.5", 1)]
    [TestCase("-", 1)]
    [TestCase("1.2x", 1)]
    public void TryParse_Utf8AndChars_AgreeOnValueStatusAndWrittenDecimals(string text, int scale)
    {
        FixedPointParseStatus fromChars = FixedPointMath.TryParse(text.AsSpan(), scale, out long charUnits, out int charDecimals);
        FixedPointParseStatus fromBytes = FixedPointMath.TryParse(System.Text.Encoding.UTF8.GetBytes(text), scale, out long byteUnits, out int byteDecimals);
        Assert.That((fromBytes, byteUnits, byteDecimals), Is.EqualTo((fromChars, charUnits, charDecimals)));
        if (fromChars == FixedPointParseStatus.Ok && text.Contains('.', StringComparison.Ordinal))
        {
            Assert.That(charDecimals, Is.EqualTo(text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1));
        }
    }

    [TestCase("999999999999999999", 0, 999_999_999_999_999_999L)]
    [TestCase("0000000000000000001", 0, 1L)]
    [TestCase("12.3400", 2, 1_234L)]
    [TestCase("922337203685477580.7", 1, long.MaxValue)]
    public void Parse_LongAndPaddedNumbers_TakeTheCarefulPathExactly(string text, int scale, long expected) =>
        Assert.That(FixedPointMath.Parse(text, scale), Is.EqualTo(expected));

    [TestCase("", 2, FixedPointParseStatus.Empty)]
    [TestCase("-", 2, FixedPointParseStatus.NoDigits)]
    [TestCase(".", 2, FixedPointParseStatus.NoDigits)]
    [TestCase("1.2.3", 2, FixedPointParseStatus.InvalidCharacter)]
    [TestCase("1e-8", 8, FixedPointParseStatus.InvalidCharacter)]
    [TestCase(" 1", 2, FixedPointParseStatus.InvalidCharacter)]
    [TestCase("1,5", 2, FixedPointParseStatus.InvalidCharacter)]
    [TestCase("0.001", 2, FixedPointParseStatus.TooManyDecimals)]
    [TestCase("9223372036854775808", 0, FixedPointParseStatus.Overflow)]
    [TestCase("92233720368547758.08", 2, FixedPointParseStatus.Overflow)]
    [TestCase("1", 19, FixedPointParseStatus.ScaleOutOfRange)]
    public void TryParse_BadText_SaysWhatIsWrong(string text, int scale, FixedPointParseStatus expected)
    {
        Assert.That(FixedPointMath.TryParse(text, scale, out _), Is.EqualTo(expected));
    }

    [Test]
    public void Parse_BadText_ThrowsAFormatExceptionQuotingTheText()
    {
        Assert.That(
            () => FixedPointMath.Parse("0.015", 2),
            Throws.InstanceOf<FormatException>().With.Message.EqualTo("'0.015' is not a valid decimal with 2 decimals: more than 2 significant decimals"));
    }

    [TestCase(6_173_763L, 8, "0.06173763")]
    [TestCase(6_173_763_000_000L, 8, "61737.63000000")]
    [TestCase(-5L, 1, "-0.5")]
    [TestCase(12L, 0, "12")]
    [TestCase(long.MinValue, 0, "-9223372036854775808")]
    [TestCase(long.MinValue, 18, "-9.223372036854775808")]
    public void Format_WritesAllDecimals(long units, int scale, string expected)
    {
        Assert.That(FixedPointMath.Format(units, scale), Is.EqualTo(expected));
    }

    [TestCase(625_000_000L, 8, "6.25")]
    [TestCase(600_000_000L, 8, "6")]
    [TestCase(0L, 4, "0")]
    public void FormatTrimmed_DropsTrailingZeros(long units, int scale, string expected)
    {
        Assert.That(FixedPointMath.FormatTrimmed(units, scale), Is.EqualTo(expected));
    }

    [Test]
    public void ParseThenFormat_RoundTripsRandomValues()
    {
        var random = new Random(11);
        Span<char> buffer = stackalloc char[48];
        for (int i = 0; i < 100_000; i++)
        {
            long units = random.NextInt64(long.MinValue, long.MaxValue);
            int scale = random.Next(0, 19);
            Assert.That(FixedPointMath.TryFormat(units, scale, buffer, out int written), Is.True);
            Assert.That(FixedPointMath.TryParse(buffer[..written], scale, out long parsed), Is.EqualTo(FixedPointParseStatus.Ok));
            Assert.That(parsed, Is.EqualTo(units));
        }
    }

    [Test]
    public void TryFormatUtf8_WritesTheSameTextAsTryFormat_AndTrimmedDropsTrailingZeros()
    {
        var random = new Random(13);
        Span<char> chars = stackalloc char[48];
        Span<byte> bytes = stackalloc byte[48];
        for (int i = 0; i < 100_000; i++)
        {
            long units = random.NextInt64(long.MinValue, long.MaxValue);
            int scale = random.Next(0, 19);
            FixedPointMath.TryFormat(units, scale, chars, out int charCount);
            Assert.That(FixedPointMath.TryFormatUtf8(units, scale, bytes, out int byteCount), Is.True);
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes[..byteCount]), Is.EqualTo(chars[..charCount].ToString()));
            Assert.That(FixedPointMath.TryFormatUtf8Trimmed(units, scale, bytes, out byteCount), Is.True);
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes[..byteCount]), Is.EqualTo(FixedPointMath.FormatTrimmed(units, scale)));
        }

        Assert.That(FixedPointMath.TryFormatUtf8Trimmed(100_000, 8, bytes, out int length), Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes[..length]), Is.EqualTo("0.001"));
        Assert.That(FixedPointMath.TryFormatUtf8(12_345, 2, bytes[..3], out _), Is.False);
    }

    [Test]
    public void TryFormat_TooSmallBuffer_ReturnsFalse()
    {
        Span<char> buffer = stackalloc char[3];
        Assert.That(FixedPointMath.TryFormat(12_345, 2, buffer, out _), Is.False);
    }

    [Test]
    public void Rescale_UpIsChecked_DownMustBeExact()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FixedPointMath.Rescale(123, 2, 4), Is.EqualTo(12_300));
            Assert.That(FixedPointMath.Rescale(12_300, 4, 2), Is.EqualTo(123));
            Assert.That(() => FixedPointMath.Rescale(12_345, 4, 2), Throws.InstanceOf<ArithmeticException>());
            Assert.That(() => FixedPointMath.Rescale(long.MaxValue / 10, 0, 2), Throws.InstanceOf<OverflowException>());
        });
    }

    [Test]
    public void Parse_AllocatesNothing()
    {
        FixedPointMath.TryParse("61737.63000000", 8, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            FixedPointMath.TryParse("61737.63000000", 8, out _);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
