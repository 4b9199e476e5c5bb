namespace Bright.Store.Events;

/// <summary>A commit to the store failed; nothing of the request was stored and the sender may retry.</summary>
public sealed class StoreWriteException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public StoreWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public StoreWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public StoreWriteException()
    {
    }
}
