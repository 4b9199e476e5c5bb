using System.Buffers;
using System.Globalization;
using System.Text;

namespace Bright.Pipelines.Hl7;

/// <summary>
/// HL7 v2 escape sequences, applied after splitting (DOMAIN.md §7.1): <c>\F\ \S\ \R\ \T\ \E\</c> give back
/// the delimiters, <c>\Xhh..\</c> hex bytes (UTF-8, else Latin-1), <c>\.br\</c> a line break; highlighting
/// (<c>\H\ \N\</c>), character-set switches (<c>\C..\ \M..\</c>) and other formatting commands are dropped;
/// an unknown or unterminated sequence is kept as sent.
/// </summary>
public static class Hl7Escape
{
    /// <summary>The text of <paramref name="raw"/> with escape sequences replaced.</summary>
    public static string Unescape(ReadOnlySpan<char> raw, Hl7Encoding encoding)
    {
        // Fast path: most values carry no escape character, so they are copied once.
        var first = raw.IndexOf(encoding.Escape);
        if (first < 0)
        {
            return raw.ToString();
        }

        var builder = new StringBuilder(raw.Length);
        builder.Append(raw[..first]);
        var i = first;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c != encoding.Escape)
            {
                builder.Append(c);
                i++;
                continue;
            }

            var close = raw[(i + 1)..].IndexOf(encoding.Escape);
            if (close <= 0)
            {
                // "\\" with nothing between, or no closing escape: not a sequence.
                builder.Append(c);
                i++;
                continue;
            }

            var code = raw.Slice(i + 1, close);
            if (!TryAppend(builder, code, encoding))
            {
                builder.Append(raw.Slice(i, close + 2));
            }

            i += close + 2;
        }

        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="value"/> with each delimiter replaced by its escape sequence, for writing fields (ACKs).
    /// CR and LF become <c>\X0D\</c> and <c>\X0A\</c> so that a value cannot end a segment.
    /// </summary>
    public static string Escape(string value, Hl7Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.AsSpan().ContainsAny(stackalloc[] { encoding.Field, encoding.Component, encoding.Repetition, encoding.Escape,
            encoding.SubComponent, '\r', '\n' }))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            var code = c == encoding.Field ? "F" : c == encoding.Component ? "S" : c == encoding.Repetition ? "R"
                : c == encoding.Escape ? "E" : c == encoding.SubComponent ? "T" : c == '\r' ? "X0D" : c == '\n' ? "X0A" : null;
            if (code is null)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(encoding.Escape).Append(code).Append(encoding.Escape);
            }
        }

        return builder.ToString();
    }

    private static bool TryAppend(StringBuilder builder, ReadOnlySpan<char> code, Hl7Encoding encoding)
    {
        switch (code)
        {
            case "F":
                builder.Append(encoding.Field);
                return true;
            case "S":
                builder.Append(encoding.Component);
                return true;
            case "R":
                builder.Append(encoding.Repetition);
                return true;
            case "T":
                builder.Append(encoding.SubComponent);
                return true;
            case "E":
                builder.Append(encoding.Escape);
                return true;
            case ".br":
                builder.Append('\n');
                return true;
            case "H" or "N":
                return true;
        }

        return code[0] switch
        {
            'X' => TryAppendHex(builder, code[1..]),
            'C' or 'M' or 'Z' => true,
            '.' => true,
            _ => false,
        };
    }

    private static bool TryAppendHex(StringBuilder builder, ReadOnlySpan<char> hex)
    {
        if (hex.Length == 0 || hex.Length % 2 != 0)
        {
            return false;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(hex.Length / 2);
        try
        {
            for (var k = 0; k < hex.Length / 2; k++)
            {
                if (!byte.TryParse(hex.Slice(k * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[k]))
                {
                    return false;
                }
            }

            var span = bytes.AsSpan(0, hex.Length / 2);
            builder.Append(System.Text.Unicode.Utf8.IsValid(span) ? Encoding.UTF8.GetString(span) : Encoding.Latin1.GetString(span));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
