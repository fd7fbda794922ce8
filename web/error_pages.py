"""The workbench's answer to a request it cannot serve (a bad parameter, an unknown page, a
server fault): a Chinese page with the right status, where the API answers problem+json."""

from __future__ import annotations

from fastapi.responses import HTMLResponse

from web.rendering import templates
from web.security import WORKBENCH_PATHS

MESSAGES = {
    400: "请求无法识别，请返回重新操作。",
    401: "请先登录。",
    403: "您无权进行此操作。",
    404: "没有这个页面。",
    405: "不支持此操作，请返回重新操作。",
    409: "操作未能完成，请刷新页面后重试。",
    412: "页面已过期，请刷新后重试。",
    413: "提交的内容过大。",
    422: "地址或参数不正确，请返回重新操作。",
    500: "服务器出错，已记录，请稍后再试。",
    503: "服务暂时不可用，请稍后再试。",
}


def is_workbench(path: str) -> bool:
    return path == "/" or path.startswith(WORKBENCH_PATHS)


def error_page(status: int, message: str = "") -> HTMLResponse:
    text = message or MESSAGES.get(status, MESSAGES[400])
    html = templates.env.get_template("error.html").render(
        person=None, form_token="", status=status, message=text
    )
    return HTMLResponse(html, status_code=status)
