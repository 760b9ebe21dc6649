namespace Engine.Cli.Backtesting;

/// <summary>The engine's fixed-point mantissas as exact decimals (a mantissa at scale s is units × 10^-s).</summary>
public static class Decimals
{
    public static decimal Of(long units, int scale) => scale >= 0 ? units / PowerOfTen(scale) : units * PowerOfTen(-scale);

    public static decimal PowerOfTen(int exponent)
    {
        decimal result = 1;
        for (int i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
