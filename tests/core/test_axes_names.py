from django.urls import reverse


def test_the_login_records_show_in_chinese_in_the_admin(admin_client):
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert "登录安全" in content and "登录失败记录" in content and "登录日志" in content
    assert "Access attempts" not in content and ">Axes<" not in content and ">AXES<" not in content


def test_an_editor_does_not_see_the_login_records(client, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from tests.test_roles import run_roles_migration

    run_roles_migration()
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="编辑"))
    client.force_login(editor)
    assert "登录安全" not in client.get(reverse("admin:index")).content.decode()
