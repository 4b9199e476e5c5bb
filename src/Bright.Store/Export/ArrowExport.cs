using System.Data.Common;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Bright.Store.Export;

/// <summary>
/// Streams any read as Apache Arrow IPC (the stream format, <c>application/vnd.apache.arrow.stream</c>),
/// in record batches, so that a large answer never sits whole in memory.
/// </summary>
public static class ArrowExport
{
    /// <summary>Rows per record batch.</summary>
    public const int BatchRows = 65_536;

    /// <summary>
    /// Writes the rows of <paramref name="reader"/> to <paramref name="output"/>, at most <paramref name="maxRows"/>.
    /// Integers become Int64, floating and decimal numbers Double, booleans Boolean, timestamps
    /// Timestamp(µs, UTC), dates Date32, and anything else its invariant text (lists, structs and maps as JSON).
    /// </summary>
    /// <returns>The number of rows written.</returns>
    public static async Task<long> WriteAsync(DbDataReader reader, Stream output, long maxRows = long.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => ColumnWriter.For(reader.GetName(i), reader.GetFieldType(i))).ToArray();
        var schema = new Schema(columns.Select(c => c.Field), metadata: null);
        using var writer = new ArrowStreamWriter(output, schema, leaveOpen: true);
        await writer.WriteStartAsync(cancellationToken);
        long total = 0;
        var inBatch = 0;
        while (total < maxRows && await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i].Append(reader, i);
            }

            total++;
            if (++inBatch == BatchRows)
            {
                await writer.WriteRecordBatchAsync(Flush(schema, columns, inBatch), cancellationToken);
                inBatch = 0;
            }
        }

        if (inBatch > 0 || total == 0)
        {
            await writer.WriteRecordBatchAsync(Flush(schema, columns, inBatch), cancellationToken);
        }

        await writer.WriteEndAsync(cancellationToken);
        return total;
    }

    private static RecordBatch Flush(Schema schema, ColumnWriter[] columns, int rows) =>
        new(schema, columns.Select(c => c.Build()), rows);

    private abstract class ColumnWriter(Field field)
    {
        public Field Field { get; } = field;

        public static ColumnWriter For(string name, Type type)
        {
            if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte)
                || type == typeof(ushort) || type == typeof(uint))
            {
                return new Int64Column(name);
            }

            if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            {
                return new DoubleColumn(name);
            }

            if (type == typeof(bool))
            {
                return new BooleanColumn(name);
            }

            if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            {
                return new TimestampColumn(name);
            }

            return type == typeof(DateOnly) ? new DateColumn(name) : new StringColumn(name);
        }

        public abstract void Append(DbDataReader reader, int ordinal);

        public abstract IArrowArray Build();
    }

    private sealed class Int64Column(string name) : ColumnWriter(new Field(name, Int64Type.Default, nullable: true))
    {
        private Int64Array.Builder _builder = new();

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                _builder.Append(Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture));
            }
        }

        public override IArrowArray Build()
        {
            var array = _builder.Build();
            _builder = new Int64Array.Builder();
            return array;
        }
    }

    private sealed class DoubleColumn(string name) : ColumnWriter(new Field(name, DoubleType.Default, nullable: true))
    {
        private DoubleArray.Builder _builder = new();

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                _builder.Append(Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture));
            }
        }

        public override IArrowArray Build()
        {
            var array = _builder.Build();
            _builder = new DoubleArray.Builder();
            return array;
        }
    }

    private sealed class BooleanColumn(string name) : ColumnWriter(new Field(name, BooleanType.Default, nullable: true))
    {
        private BooleanArray.Builder _builder = new();

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                _builder.Append(reader.GetBoolean(ordinal));
            }
        }

        public override IArrowArray Build()
        {
            var array = _builder.Build();
            _builder = new BooleanArray.Builder();
            return array;
        }
    }

    private sealed class TimestampColumn(string name) : ColumnWriter(new Field(name, Type, nullable: true))
    {
        private static readonly TimestampType Type = new(TimeUnit.Microsecond, "UTC");
        private TimestampArray.Builder _builder = new(Type);

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                _builder.AppendNull();
                return;
            }

            var value = reader.GetValue(ordinal);
            _builder.Append(value is DateTimeOffset offset ? offset : new DateTimeOffset(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc)));
        }

        public override IArrowArray Build()
        {
            var array = _builder.Build();
            _builder = new TimestampArray.Builder(Type);
            return array;
        }
    }

    private sealed class DateColumn(string name) : ColumnWriter(new Field(name, Date32Type.Default, nullable: true))
    {
        private Date32Array.Builder _builder = new();

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                _builder.Append(reader.GetFieldValue<DateOnly>(ordinal));
            }
        }

        public override IArrowArray Build()
        {
            var array = _builder.Build();
            _builder = new Date32Array.Builder();
            return array;
        }
    }

    private sealed class StringColumn(string name) : ColumnWriter(new Field(name, StringType.Default, nullable: true))
    {
        private StringArray.Builder _builder = new();

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                _builder.AppendNull();
            }
            else
            {
                _builder.Append(Query.QueryValues.Text(reader.GetValue(ordinal)));
            }
        }

        public override IArrowArray Build()
        {
            var array = _builder.Build();
            _builder = new StringArray.Builder();
            return array;
        }
    }
}
