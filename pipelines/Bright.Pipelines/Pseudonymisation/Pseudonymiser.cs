using System.Security.Cryptography;
using System.Text;

namespace Bright.Pipelines.Pseudonymisation;

/// <summary>
/// Turns patient identifiers into keyed pseudonyms at ingestion (DOMAIN.md §7.4): HMAC-SHA-256 under a
/// versioned key, written <c>{keyVersion}:{64 hex digits}</c>. The same identifier and key always give the
/// same pseudonym; nothing identifying is kept. Thread-safe.
/// </summary>
public sealed class Pseudonymiser
{
    private readonly byte[] _key;
    private readonly string _prefix;

    /// <summary>Creates a pseudonymiser from validated options.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names the key.</exception>
    public Pseudonymiser(PseudonymisationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _key = Encoding.UTF8.GetBytes(options.Key);
        _prefix = options.KeyVersion + ":";
    }

    /// <summary>The pseudonym of a normalised 10-digit NHS number.</summary>
    public string ForNhsNumber(string nhsNumber) => Hash("nhs", nhsNumber);

    /// <summary>The pseudonym of a local identifier (MRN, visit number) within its assigning authority.</summary>
    public string ForLocalId(string kind, string authority, string id) => Hash(kind, authority + "\u001f" + id);

    /// <summary>
    /// Whether <paramref name="candidate"/> is a valid NHS number once spaces and hyphens are removed: ten
    /// digits whose modulus-11 check digit matches (NHS Data Dictionary). Gives the normalised digits.
    /// </summary>
    public static bool TryNormaliseNhsNumber(ReadOnlySpan<char> candidate, out string normalised)
    {
        normalised = string.Empty;
        Span<char> digits = stackalloc char[10];
        var count = 0;
        foreach (var c in candidate)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (c is < '0' or > '9' || count == 10)
            {
                return false;
            }

            digits[count++] = c;
        }

        if (count != 10)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        if (check == 10 || check != digits[9] - '0')
        {
            return false;
        }

        normalised = new string(digits);
        return true;
    }

    private string Hash(string kind, string value)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(kind + "\u001f" + value), mac);
        return _prefix + Convert.ToHexStringLower(mac);
    }
}
