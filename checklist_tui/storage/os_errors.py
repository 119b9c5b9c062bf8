"""Why an OS call failed, in the words an office user reads."""

from __future__ import annotations

import errno
from pathlib import Path

from checklist_tui.errors import DataError

REASONS = {
    errno.EROFS: "文件系统只读", errno.ENOSPC: "磁盘已满", errno.EACCES: "没有权限",
    errno.EPERM: "没有权限", errno.ENOENT: "文件或文件夹不存在", errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
}


def os_reason(error: OSError) -> str:
    """Why an OS call failed, in Chinese where we know the cause, with the system's own words."""
    system = error.strerror or str(error)
    known = REASONS.get(error.errno) if error.errno is not None else None
    return f"{known} ({system})" if known else system


def write_error(path: Path, error: OSError) -> DataError:
    reason = os_reason(error)
    return DataError(f"无法保存 {path}：{reason}（文件夹只读或磁盘已满？数据未写入，请处理后重试）")
