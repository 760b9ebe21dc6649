namespace Engine.Primitives;

/// <summary>Price × quantity, exactly: the product's scale is the sum of the two scales. Stateless.</summary>
public static class Notional
{
    /// <summary>
    /// The notional of <paramref name="quantity"/> at <paramref name="price"/>, expressed with
    /// <paramref name="amountScale"/> decimals (truncated toward zero when the amount scale is smaller than
    /// priceScale + quantityScale). Throws <see cref="OverflowException"/> when it does not fit a <c>long</c>.
    /// </summary>
    public static Amount Of(Price price, int priceScale, Quantity quantity, int quantityScale, int amountScale)
    {
        int productScale = priceScale + quantityScale;
        if (amountScale >= productScale)
        {
            long product = checked(price.Units * quantity.Units);
            return new Amount(checked(product * FixedPointMath.Pow10(amountScale - productScale)));
        }

        return new Amount(FixedPointMath.MultiplyTruncating(price.Units, quantity.Units, productScale - amountScale));
    }
}
